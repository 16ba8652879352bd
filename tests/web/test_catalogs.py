"""The ky, ru and en catalogs cover every message in the code, none fuzzy, none empty.

After adding a message, run `python -m translations update`, then translate the new entries;
`python -m translations check` lists what is missing.
"""
from __future__ import annotations

from translations import LANGUAGES
from translations.catalogs import check


def test_every_catalog_is_complete():
    problems = check()
    by_language = {lang: sum(p.startswith(f"{lang}:") for p in problems) for lang in LANGUAGES}
    assert not problems, (f"{len(problems)} catalog problems {by_language}; first ones:\n"
                          + "\n".join(problems[:40]))
