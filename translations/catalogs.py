"""Extraction and merging of the Babel catalogs (`translations/<lang>/LC_MESSAGES/messages.po`)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from . import HERE, LANGUAGES

ROOT = HERE.parent
SOURCE_DIRS = ("components", "callbacks", "services", "api", "cli")
# Domain errors carry English msgids that the web layer translates; N_ marks text for later.
KEYWORDS = {"_": None, "gettext": None, "N_": None, "DomainError": None, "NotFound": None,
            "Forbidden": None, "Conflict": None, "translate": None,
            # form helpers whose second argument is a label they pass through _()
            "_input": (2,), "_area": (2,), "_select": (2,)}


def po_path(lang: str) -> Path:
    """Where the catalog of `lang` lives."""
    return HERE / lang / "LC_MESSAGES" / "messages.po"


def template() -> Catalog:
    """Every translatable message in the code, with where it occurs."""
    catalog = Catalog(project="Ashar", charset="utf-8")
    for folder in SOURCE_DIRS:
        path = ROOT / folder
        if not path.exists():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
                str(path), method_map=[("**.py", "python")], keywords=KEYWORDS):
            if isinstance(message, str) and message.strip():
                catalog.add(message, locations=[(f"{folder}/{filename}", lineno)],
                            auto_comments=comments, context=context)
    return catalog


def load(lang: str) -> Catalog:
    """The stored catalog of `lang` (empty if none yet)."""
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="Ashar", charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def save(lang: str, catalog: Catalog) -> None:
    """Write `catalog` for `lang`, sorted so diffs stay small."""
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, sort_output=True, width=100, omit_header=False)


def update() -> dict[str, int]:
    """Merge the code's messages into every catalog; drop obsolete entries."""
    source = template()
    counts = {}
    for lang in LANGUAGES:
        catalog = load(lang)
        catalog.update(source, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        save(lang, catalog)
        counts[lang] = len([m for m in catalog if m.id])
    return counts


def check() -> list[str]:
    """Every untranslated, fuzzy or missing entry, as readable lines."""
    source = {m.id for m in template() if m.id}
    problems = []
    for lang in LANGUAGES:
        catalog = load(lang)
        present = {m.id for m in catalog if m.id}
        for missing in sorted(source - present):
            problems.append(f"{lang}: not in catalog: {missing!r}")
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{lang}: fuzzy: {message.id!r}")
            elif not message.string:
                problems.append(f"{lang}: untranslated: {message.id!r}")
    return problems
