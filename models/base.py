"""Declarative base, shared column types and the language-aware text helper."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

LANGUAGES = ("ky", "ru", "en")

# Named constraints so Alembic can drop and alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores UTC, always returns aware datetimes (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    """Base for every Ashar table."""

    metadata = MetaData(naming_convention=NAMING)

    def text(self, field: str, locale: str) -> str:
        """`field` in `locale`, falling back to the other languages (Kyrgyz, Russian, English)."""
        return self.text_with_language(field, locale)[0]

    def text_with_language(self, field: str, locale: str) -> tuple[str, str]:
        """The text and the language it was actually found in, so a fallback can be shown."""
        for lang in (locale, *LANGUAGES):
            value = getattr(self, f"{field}_{lang}", None)
            if value:
                return value, lang
        return "", locale
