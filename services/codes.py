"""One-time codes sent to a phone or e-mail: 6 digits, 10 minutes, 5 attempts, stored hashed."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from translations import translate
from models import OneTimeCode, User, utcnow

from .errors import DomainError
from .passwords import hash_password, verify_password
from .sender import send

LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_PER_HOUR = 5  # codes per account and purpose: sending costs money and annoys people
PURPOSES = ("contact", "reset")
WRONG_CODE = "The code is wrong or has expired. Check it, or ask for a new one."


def issue(session: Session, user: User, purpose: str, destination: str,
          sender: str | None = None) -> None:
    """Create a code for `user` and send it to `destination` (in the caller's transaction).

    Earlier unused codes of the same purpose stop working, so only the newest one counts.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown code purpose {purpose!r}")
    now = utcnow()
    recent = session.scalar(select(func.count(OneTimeCode.id)).where(
        OneTimeCode.user_id == user.id, OneTimeCode.purpose == purpose,
        OneTimeCode.created_at > now - timedelta(hours=1)))
    if recent >= MAX_PER_HOUR:
        raise DomainError("Too many codes were requested. Please wait an hour and try again.")
    for old in _open_codes(session, user, purpose):
        old.used_at = now
    code = f"{secrets.randbelow(10 ** 6):06d}"
    session.add(OneTimeCode(user_id=user.id, purpose=purpose, destination=destination,
                            code_hash=hash_password(code), expires_at=now + LIFETIME,
                            created_at=now))
    session.flush()
    lang = getattr(user, "locale", None)  # the recipient reads it in their own language
    send(session, destination, translate("Your Ashar code", lang),
         translate("Your Ashar code is %(code)s. It expires in 10 minutes. "
                   "If you did not ask for it, ignore this message.", lang, code=code),
         backend=sender)


def consume(session: Session, user: User, purpose: str, code: object) -> OneTimeCode:
    """Accept `code` once for `user`, or count the attempt and raise DomainError.

    The attempt is committed before the code is checked, so a wrong guess costs something even
    though the caller rolls back, and parallel guesses cannot exceed MAX_ATTEMPTS together.
    """
    candidate = str(code).strip() if isinstance(code, (str, int)) and not isinstance(code, bool) else ""
    row = next(iter(_open_codes(session, user, purpose)), None)
    if row is None or row.expires_at <= utcnow():
        raise DomainError(WRONG_CODE)
    counted = session.execute(update(OneTimeCode).where(
        OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None),
        OneTimeCode.attempts < MAX_ATTEMPTS).values(attempts=OneTimeCode.attempts + 1))
    session.commit()
    if counted.rowcount != 1:
        raise DomainError("Too many wrong codes. Please ask for a new one.")
    if not (len(candidate) == 6 and candidate.isdigit() and verify_password(row.code_hash, candidate)):
        raise DomainError(WRONG_CODE)
    used = session.execute(update(OneTimeCode).where(
        OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None)).values(used_at=utcnow()))
    if used.rowcount != 1:  # a parallel request used it first
        raise DomainError(WRONG_CODE)
    return row


def _open_codes(session: Session, user: User, purpose: str) -> list[OneTimeCode]:
    return list(session.scalars(select(OneTimeCode).where(
        OneTimeCode.user_id == user.id, OneTimeCode.purpose == purpose,
        OneTimeCode.used_at.is_(None)).order_by(OneTimeCode.id.desc())))
