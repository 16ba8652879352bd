"""The logged-in account as one request sees it: its `users` row, read without the ORM.

Flask-Login loads the caller's account on every authenticated request (the guard asks who calls
each callback), so this read is on every ballot's path. An ORM `User` took about twice the CPU
of the plain row. Code that changes the account, or needs its relationships, loads the ORM
`User` by id (`session.get(User, current_user.id)`).
"""
from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import User
from models.user import STAFF_ROLES

# Everything pages and services read from the caller; never the password hash or TOTP secret.
COLUMNS = ("id", "email", "phone", "display_name", "role", "locale", "district_id", "verified_at",
           "contact_verified_at", "totp_enabled", "session_version", "is_active")
_USERS = User.__table__
_ROW = select(*[_USERS.c[name] for name in COLUMNS]).where(_USERS.c.id == bindparam("id"))
_MAX_ID = 2**31 - 1  # users.id is an integer column


class SessionUser:
    """The account behind a session, read-only, with Flask-Login's user protocol."""

    __slots__ = COLUMNS
    is_authenticated = True
    is_anonymous = False

    def __init__(self, row) -> None:
        for name, value in zip(COLUMNS, row):
            setattr(self, name, value)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_verified(self) -> bool:
        """As `User.is_verified`: verified residents (and only they) may propose, support and vote."""
        return self.verified_at is not None and self.district_id is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def load(session: Session, session_id: str) -> SessionUser | None:
    """The active account a session's `id:version` names, or None once that version has ended."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or int(user_id) > _MAX_ID:
        return None
    row = session.connection().execute(_ROW, {"id": int(user_id)}).one_or_none()
    if row is None or not row.is_active or row.session_version != int(version):
        return None
    return SessionUser(row)
