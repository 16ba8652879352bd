"""A production start without its keys refuses clearly; the demo invents and keeps its own."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import settings

ROOT = Path(__file__).resolve().parents[2]


def test_production_without_keys_refuses(monkeypatch):
    for key in ("SECRET_KEY", "CENSUS_KEY", "BALLOT_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ASHAR_ENV", "production")
    with pytest.raises(settings.ConfigError, match="SECRET_KEY"):
        settings.from_environment()


def test_python_app_py_in_production_without_keys_exits_with_the_reason():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "CENSUS_KEY", "BALLOT_KEY")}
    env.update(ASHAR_ENV="production", DATABASE_URL="sqlite:////nonexistent/never-created.db")
    done = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "Refusing to start in production without SECRET_KEY" in done.stderr
    assert "Traceback" not in done.stderr
