# Two commands for a fresh machine: `make demo` serves Ashar, `make test` runs the tests.
# Both build the virtualenv from pyproject.toml first, so nothing is assumed installed.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py voting/rules/_mes_kernel.c
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: install
	$(PY) app.py

test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)
