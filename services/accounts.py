"""Accounts: register, check a password (with lockout), reset a forgotten password.

None of these answers tells a caller whether an account exists: an unknown contact costs the
same password hash and gets the same message as a known one.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from translations import translate
from models import User, utcnow

from . import audit, codes
from .errors import DomainError
from .passwords import hash_password, needs_rehash, verify_password
from .sender import send

MIN_PASSWORD = 10
MAX_PASSWORD = 256  # argon2 takes any length, but nobody needs a novel; bounds the work
MAX_NAME = 80
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
WRONG_LOGIN = "The contact or password is wrong."
LOCKED = "Too many failed attempts: this account is locked for 15 minutes. Try again later."
_PHONE = re.compile(r"^\+996\d{9}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,24}$")


def parse_contact(raw: object) -> tuple[str, str]:
    """('email' | 'phone', normalised value) or a DomainError explaining the expected forms."""
    text = raw.strip() if isinstance(raw, str) else ""
    if "@" in text and _EMAIL.match(text) and len(text) <= 254:
        return "email", text.lower()
    phone = re.sub(r"[\s()-]", "", text)
    if _PHONE.match(phone):
        return "phone", phone
    raise DomainError("Enter an e-mail address or a Kyrgyz phone number such as +996 555 123 456.")


def check_password_rules(password: object) -> str:
    """The password if it is acceptable, else a DomainError saying why."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise DomainError("The password must have at least %(n)s characters.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise DomainError("The password may have at most %(n)s characters.", n=MAX_PASSWORD)
    return password


def clean_display_name(raw: object) -> str:
    """A display name without control characters, 1–80 characters."""
    text = raw if isinstance(raw, str) else ""
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = " ".join(text.split())
    if not text or len(text) > MAX_NAME:
        raise DomainError("Enter a display name of 1 to %(n)s characters.", n=MAX_NAME)
    return text


def find_by_contact(session: Session, kind: str, value: str) -> User | None:
    """The account with this e-mail or phone, if any."""
    column = User.email if kind == "email" else User.phone
    return session.scalar(select(User).where(column == value))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("no such account, but take as long as if there were")


def register(session: Session, contact: object, password: object, display_name: object,
             sender: str | None = None, locale: str = "ky") -> None:
    """Create a resident account and send a code proving the contact.

    A contact already registered gets a notice instead, and the caller sees the same outcome.
    """
    kind, value = parse_contact(contact)
    check_password_rules(password)
    name = clean_display_name(display_name)
    password_hash = hash_password(password)  # hashed in both branches: equal timing
    existing = find_by_contact(session, kind, value)
    if existing is not None:
        send(session, value, translate("Ashar registration", existing.locale),
             translate("Someone tried to register a new Ashar account with this contact. You "
                       "already have one: log in, or reset your password if you forgot it.",
                       existing.locale), backend=sender)
        session.commit()
        return
    user = User(password_hash=password_hash, display_name=name,
                locale=locale if locale in ("ky", "ru", "en") else "ky", **{kind: value})
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # registered in parallel: answer as for an existing account
        session.rollback()
        return
    audit.record(session, "account.registered", user.id, f"user:{user.id}", channel=kind)
    codes.issue(session, user, "contact", value, sender=sender)
    session.commit()


def _lock_message(user: User) -> None:
    if user.locked_until and user.locked_until > utcnow():
        raise DomainError(LOCKED)


def record_failure(session: Session, user: User) -> None:
    """Count a failed password or code; the MAX_FAILURES-th locks the account. Commits."""
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.failed_logins = 0
        user.locked_until = utcnow() + LOCK_FOR
        audit.record(session, "account.locked", None, f"user:{user.id}")
    session.commit()


def authenticate(session: Session, contact: object, password: object) -> User:
    """The account whose contact and password match, or one neutral DomainError.

    This is only the first factor: the caller decides whether a TOTP code must follow.
    """
    try:
        kind, value = parse_contact(contact)
    except DomainError:
        raise DomainError(WRONG_LOGIN) from None
    secret = password if isinstance(password, str) and len(password) <= MAX_PASSWORD else ""
    user = find_by_contact(session, kind, value)
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), secret)
        raise DomainError(WRONG_LOGIN)
    _lock_message(user)
    if not verify_password(user.password_hash, secret):
        record_failure(session, user)
        _lock_message(user)
        raise DomainError(WRONG_LOGIN)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(secret)
    user.failed_logins = 0
    session.commit()
    return user


def request_reset(session: Session, contact: object, sender: str | None = None) -> None:
    """Send a reset code if the contact has an account; the caller answers the same either way."""
    kind, value = parse_contact(contact)
    user = find_by_contact(session, kind, value)
    if user is None or not user.is_active:
        hash_password(value)  # about the cost of issuing a code
        return
    try:
        codes.issue(session, user, "reset", value, sender=sender)
    except DomainError:
        session.rollback()  # too many requests: say nothing that differs from the unknown case
        return
    session.commit()


def reset_password(session: Session, contact: object, code: object, new_password: object) -> None:
    """Set a new password with a reset code; every session of the account ends."""
    check_password_rules(new_password)
    try:
        kind, value = parse_contact(contact)
    except DomainError:
        raise DomainError(codes.WRONG_CODE) from None
    user = find_by_contact(session, kind, value)
    if user is None:
        verify_password(_dummy_hash(), "0")
        raise DomainError(codes.WRONG_CODE)
    codes.consume(session, user, "reset", code)
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, "account.password_reset", user.id, f"user:{user.id}")
    session.commit()


def search(session: Session, text: object, limit: int = 50) -> list[User]:
    """Accounts whose e-mail, phone or display name contains `text` (newest first)."""
    needle = text.replace("\x00", "").strip()[:100] if isinstance(text, str) else ""
    query = select(User).order_by(User.id.desc()).limit(limit)
    if needle:
        query = query.where(or_(User.email.contains(needle.lower(), autoescape=True),
                                User.phone.contains(needle.replace(" ", ""), autoescape=True),
                                User.display_name.icontains(needle, autoescape=True)))
    return list(session.scalars(query))


def set_locale(session: Session, user: User, lang: str) -> bool:
    """Make `lang` the account's language (e-mails, other devices); whether it changed."""
    from translations import LANGUAGES

    if lang not in LANGUAGES or user.locale == lang:
        return False
    user.locale = lang
    session.commit()
    return True
