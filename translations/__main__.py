"""`python -m translations update|check`: keep the ky/ru/en catalogs in step with the code.

update: extract every msgid from the code and merge it into each catalog (English is the
source language, so its entries are filled with the msgid itself).
check: exit 1, listing them, when any catalog has an untranslated, fuzzy or obsolete entry.
"""
from __future__ import annotations

import sys

from .catalogs import check, update

if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        for lang, count in update().items():
            print(f"{lang}: {count} messages")
    else:
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problems")
        sys.exit(1 if problems else 0)
