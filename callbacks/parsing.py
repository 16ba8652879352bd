"""Defensive parsing of callback inputs: anything a forged request sends becomes a clear refusal."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.errors import DomainError

OSH = ZoneInfo("Asia/Bishkek")  # phase dates are typed in Osh's local time
ID_MAX = 2**31 - 1
AMOUNT_MAX = 10**13  # ten trillion som: far above any city budget, far below BIGINT


def text(value, label: str = "", required: bool = False) -> str:
    """A string input, stripped; non-strings count as empty."""
    result = value.strip() if isinstance(value, str) else ""
    if required and not result:
        raise DomainError("Please fill in: %(field)s.", field=label)
    return result


def whole(value, label: str, required: bool = True, maximum: int = AMOUNT_MAX) -> int | None:
    """A whole number (from a number input or text), or None when empty and optional."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError("Please fill in: %(field)s.", field=label)
        return None
    if isinstance(value, bool):
        raise DomainError("%(field)s must be a whole number.", field=label)
    try:
        number = float(value) if isinstance(value, (int, float)) else float(str(value).strip())
    except ValueError:
        raise DomainError("%(field)s must be a whole number.", field=label) from None
    if number != number or not number.is_integer() or abs(number) > maximum:  # NaN, 1.5, 1e300
        raise DomainError("%(field)s must be a whole number.", field=label)
    return int(number)


def decimal(value, label: str) -> float | None:
    """A decimal number (coordinates), or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DomainError("%(field)s must be a number.", field=label)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DomainError("%(field)s must be a number.", field=label) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise DomainError("%(field)s must be a number.", field=label)
    return number


def identifier(value, label: str, required: bool = True) -> int | None:
    """A database id chosen in a list (a string or a number)."""
    number = whole(value, label, required, maximum=ID_MAX)
    if number is not None and number <= 0:
        raise DomainError("Choose %(field)s from the list.", field=label)
    return number


def local_datetime(value, label: str) -> datetime | None:
    """A `datetime-local` value (Osh time) as an aware UTC datetime, or None when empty."""
    raw = text(value)
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise DomainError("%(field)s is not a valid date and time.", field=label) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=OSH)
    return parsed


def day(value, label: str) -> date:
    """A `YYYY-MM-DD` date input."""
    try:
        return date.fromisoformat(text(value, label, required=True))
    except ValueError:
        raise DomainError("%(field)s is not a valid date.", field=label) from None


def message_of(error: DomainError) -> str:
    """The refusal in the reader's language."""
    from translations import _

    return _(error.message, **error.params)
