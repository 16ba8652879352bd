"""The logged-in account as one request sees it: its `users` row, read without the ORM.

Flask-Login loads the caller's account on every authenticated request (the guard asks who calls
each callback), so this read is on every ballot's path. An ORM `User` took about twice the CPU
of the plain row. Code that changes the account, or needs its relationships, loads the ORM
`User` by id (`session.get(User, current_user.id)`). On PostgreSQL a worker also keeps the rows it
read in an AccountCache, which forgets a row as soon as it changes (services/account_cache.py).
"""
from __future__ import annotations

import re

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import User
from models.user import AccountIdentity

from .account_cache import AccountCache

# Everything pages and services read from the caller; never the password hash or TOTP secret.
COLUMNS = ("id", "email", "phone", "display_name", "role", "locale", "district_id", "verified_at",
           "contact_verified_at", "totp_enabled", "session_version", "is_active")
_USERS = User.__table__
_ROW = select(*[_USERS.c[name] for name in COLUMNS]).where(_USERS.c.id == bindparam("id"))
_ACTIVE, _VERSION = COLUMNS.index("is_active"), COLUMNS.index("session_version")
_MAX_ID = 2**31 - 1  # users.id and session_version are integer columns
# ASCII digits only, bounded: str.isdigit() also takes "²" or "١", which int() refuses or reads.
_SESSION_ID = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


class SessionUser(AccountIdentity):
    """The account behind a session, read-only, with Flask-Login's user protocol."""

    __slots__ = COLUMNS

    def __init__(self, row) -> None:
        for name, value in zip(COLUMNS, row):
            setattr(self, name, value)


def parse_session_id(session_id: object) -> tuple[int, int] | None:
    """(user id, session version) from a session's `id:version`, or None if it is not one."""
    found = _SESSION_ID.fullmatch(session_id) if isinstance(session_id, str) else None
    if found is None:
        return None
    user_id, version = int(found[1]), int(found[2])
    return (user_id, version) if user_id <= _MAX_ID and version <= _MAX_ID else None


def load(session: Session, session_id: str, cache: AccountCache | None = None) -> SessionUser | None:
    """The active account a session's `id:version` names, or None once that version has ended.

    `cache`: the worker's AccountCache, if any; the row is read from it while it is valid.
    """
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, version = parsed
    row = cache.get(user_id) if cache is not None else None
    if row is None:
        generation = cache.generation() if cache is not None else 0
        found = session.connection().execute(_ROW, {"id": user_id}).one_or_none()
        if found is None:
            return None
        row = tuple(found)
        if cache is not None:
            cache.put(user_id, row, generation)
    if not row[_ACTIVE] or row[_VERSION] != version:
        return None
    return SessionUser(row)
