"""Residency and contact verification by code and in person, and the queue moderators work through."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import District, User, Verification, utcnow

from . import audit, codes
from .errors import DomainError, Forbidden, NotFound

MAX_NOTE = 500


def send_contact_code(session: Session, user: User, sender: str | None = None) -> str:
    """Send a code to the account's own phone or e-mail; returns where it went."""
    destination = user.phone or user.email
    codes.issue(session, user, "contact", destination, sender=sender)
    session.commit()
    return destination


def confirm_contact(session: Session, user: User, code: object) -> None:
    """Mark the contact as proven by the code sent to it (a `code` verification)."""
    codes.consume(session, user, "contact", code)
    now = utcnow()
    user.contact_verified_at = now
    session.add(Verification(user_id=user.id, method="code", district_id=user.district_id,
                             created_at=now, note=user.phone or user.email or ""))
    audit.record(session, "contact.verified", user.id, f"user:{user.id}",
                 channel="phone" if user.phone else "email")
    session.commit()


def unverified_residents(session: Session, text: object = "", limit: int = 50) -> list[User]:
    """Residents still waiting for residency verification, optionally matching `text`."""
    from .accounts import search

    pool = search(session, text, limit=500)
    return [u for u in pool if u.role == "resident" and not u.is_verified][:limit]


def verify_in_person(session: Session, moderator: User, user_id: object, district_id: object,
                     note: object) -> User:
    """A moderator, having seen a document, verifies a resident and places them in a district."""
    if moderator.role not in ("moderator", "admin"):
        raise Forbidden("You are not allowed to do this.")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise DomainError("Choose a resident from the list.")
    text = note.replace("\x00", "").strip() if isinstance(note, str) else ""
    if not 3 <= len(text) <= MAX_NOTE:
        raise DomainError("Write a note of 3 to %(n)s characters (which document you checked).", n=MAX_NOTE)
    district = session.get(District, district_id) if isinstance(district_id, int) and not isinstance(district_id, bool) else None
    if district is None:
        raise DomainError("Choose the resident's district.")
    resident = session.get(User, user_id)
    if resident is None:
        raise NotFound("This account does not exist.")
    if resident.is_verified:
        raise DomainError("This resident is already verified.")
    now = utcnow()
    resident.verified_at = now
    resident.district_id = district.id
    session.add(Verification(user_id=resident.id, method="in_person", district_id=district.id,
                             verified_by_id=moderator.id, note=text, created_at=now))
    audit.record(session, "resident.verified", moderator.id, f"user:{resident.id}",
                 method="in_person", district_id=district.id, note=text)
    session.commit()
    return resident


def districts(session: Session) -> list[District]:
    """All districts, by code."""
    return list(session.scalars(select(District).order_by(District.code)))
