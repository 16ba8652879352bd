"""Demo data as plain Python values: Osh's zones, the action plan, three budget cycles, people.

Texts are `(ky, ru, en)` triples; `fields()` spreads one into `name_ky`, `name_ru`, `name_en`.
"""
from __future__ import annotations

from models import LANGUAGES


def fields(name: str, texts: tuple[str, str, str]) -> dict[str, str]:
    """`("title", (ky, ru, en))` -> `{"title_ky": ky, "title_ru": ru, "title_en": en}`."""
    return {f"{name}_{lang}": text for lang, text in zip(LANGUAGES, texts, strict=True)}
