"""TOTP two-factor login: enrolment, one-use codes, recovery codes, lockout on repeated failures."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import RecoveryCode, User, utcnow

from . import audit
from .accounts import LOCKED, record_failure
from .errors import DomainError

ISSUER = "Ashar Osh"
RECOVERY_COUNT = 10
WRONG_TOTP = "The code is wrong or was already used. Enter the current code from your app."


def _step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // 30)


def _recovery_hash(code: str) -> str:
    # Recovery codes carry 50 random bits: a plain SHA-256 is enough and keeps login fast.
    return hashlib.sha256(code.replace("-", "").upper().encode()).hexdigest()


def begin_enrolment(session: Session, user: User) -> tuple[str, str]:
    """A new secret for `user` (not active until confirmed) and its otpauth:// URI."""
    if user.totp_enabled:
        raise DomainError("Two-factor login is already on. Turn it off first to change the app.")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    session.commit()
    return user.totp_secret, provisioning_uri(user)


def provisioning_uri(user: User) -> str:
    """What the QR code holds: the secret, the account name and the issuer."""
    name = user.email or user.phone or f"user-{user.id}"
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=name, issuer_name=ISSUER)


def _accept_totp(session: Session, user: User, code: str, at: float | None = None) -> bool:
    """Whether `code` matches a step within one of now and is later than the last accepted one."""
    if not (user.totp_secret and len(code) == 6 and code.isdigit()):
        return False
    try:
        totp = pyotp.TOTP(user.totp_secret)
    except ValueError:  # a secret pyotp no longer accepts (too short): no code can match it
        return False
    now = _step(at)
    last = user.totp_last_step if user.totp_last_step is not None else -1
    for step in (now - 1, now, now + 1):  # valid_window=1: clocks drift
        if step > last and hmac.compare_digest(totp.at(step * 30), code):
            # Conditional update: two parallel requests with one code cannot both pass.
            won = session.execute(update(User).where(
                User.id == user.id,
                (User.totp_last_step.is_(None)) | (User.totp_last_step < step),
            ).values(totp_last_step=step))
            if won.rowcount == 1:
                user.totp_last_step = step
                return True
            return False
    return False


def confirm_enrolment(session: Session, user: User, code: object,
                      at: float | None = None) -> list[str]:
    """Turn two-factor login on with a first valid code; returns 10 recovery codes, shown once."""
    if user.totp_enabled or not user.totp_secret:
        raise DomainError("Start the set-up again: scan the new QR code, then enter its code.")
    if not _accept_totp(session, user, _text(code), at):
        raise DomainError(WRONG_TOTP)
    user.totp_enabled = True
    plain = _new_recovery_codes(session, user)
    audit.record(session, "2fa.enabled", user.id, f"user:{user.id}")
    session.commit()
    return plain


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    plain = []
    for _ in range(RECOVERY_COUNT):
        raw = secrets.token_hex(5).upper()
        code = f"{raw[:5]}-{raw[5:]}"
        plain.append(code)
        session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(code)))
    session.flush()
    return plain


def disable(session: Session, user: User, code: object, at: float | None = None) -> None:
    """Turn two-factor login off after a valid code (staff lose staff powers until re-enrolled)."""
    if not user.totp_enabled:
        raise DomainError("Two-factor login is not on.")
    if not _accept_totp(session, user, _text(code), at):
        raise DomainError(WRONG_TOTP)
    user.totp_enabled = False
    user.totp_secret = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(session, "2fa.disabled", user.id, f"user:{user.id}")
    session.commit()


def verify_login(session: Session, user_id: int, code: object, at: float | None = None) -> User:
    """The second login step: a TOTP code (once) or an unused recovery code.

    Failures count towards the same lockout as wrong passwords.
    """
    user = session.get(User, user_id)
    if user is None or not user.totp_enabled or not user.is_active:
        raise DomainError("Your login has expired. Please log in again.")
    if user.locked_until and user.locked_until > utcnow():
        raise DomainError(LOCKED)
    text = _text(code)
    if _accept_totp(session, user, text, at) or _use_recovery_code(session, user, text):
        user.failed_logins = 0
        session.commit()
        return user
    session.rollback()
    user = session.get(User, user_id)
    record_failure(session, user)
    if user.locked_until and user.locked_until > utcnow():
        raise DomainError(LOCKED)
    raise DomainError(WRONG_TOTP)


def _use_recovery_code(session: Session, user: User, code: str) -> bool:
    if not 10 <= len(code) <= 11:
        return False
    used = session.execute(update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
        RecoveryCode.code_hash == _recovery_hash(code)).values(used_at=utcnow()))
    if used.rowcount != 1:
        return False
    audit.record(session, "2fa.recovery_code_used", user.id, f"user:{user.id}")
    return True


def remaining_recovery_codes(session: Session, user: User) -> int:
    """How many recovery codes the user has left."""
    return len(list(session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))))


def _text(code: object) -> str:
    return code.strip().replace(" ", "")[:32] if isinstance(code, str) else ""
