"""Turning a service's refusal into the alert a page shows, and reading junk-proof form values."""
from __future__ import annotations

from components.notice import notice
from services.errors import DomainError
from translations import _


def refusal(error: DomainError):
    """The refusal, translated, as a red alert."""
    return notice(_(error.message, **error.params), "danger")


def done(text):
    """A green alert for something that worked (already translated)."""
    return notice(text, "success")


def clicked(n_clicks) -> bool:
    """Whether a button's n_clicks says it was really pressed (junk counts as not pressed)."""
    return isinstance(n_clicks, int) and not isinstance(n_clicks, bool) and n_clicks > 0


def as_id(value) -> int | None:
    """A positive row id from a number input or a select (which may send strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 12:
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < 2 ** 31 else None
