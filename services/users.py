"""Staff administration of accounts: roles, and creating accounts from the console."""
from __future__ import annotations

import secrets

import pyotp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import User, utcnow
from models.user import ROLES, STAFF_ROLES

from . import audit
from .accounts import check_password_rules, find_by_contact, parse_contact
from .errors import Conflict, DomainError, Forbidden, NotFound
from .passwords import hash_password


def change_role(session: Session, admin: User, user_id: object, role: object) -> User:
    """Give an account another role; its sessions end so the new rights apply at once."""
    if admin.role != "admin":
        raise Forbidden("You are not allowed to do this.")
    if role not in ROLES:
        raise DomainError("Choose one of the roles: %(roles)s.", roles=", ".join(ROLES))
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise DomainError("Choose an account from the list.")
    target = session.get(User, user_id)
    if target is None:
        raise NotFound("This account does not exist.")
    if target.id == admin.id:
        raise DomainError("You cannot change your own role; ask another admin.")
    if target.role == role:
        raise DomainError("This account already has that role.")
    old = target.role
    target.role = role
    target.session_version += 1
    audit.record(session, "user.role_changed", admin.id, f"user:{target.id}", old=old, new=role)
    session.commit()
    return target


def create_user(session: Session, contact: str, role: str, password: str | None = None,
                display_name: str = "") -> tuple[User, str, str | None]:
    """An account made by an operator: (user, password, TOTP secret for staff).

    Staff accounts come with TOTP already set up, so their first login can pass the second factor.
    """
    if role not in ROLES:
        raise DomainError("Choose one of the roles: %(roles)s.", roles=", ".join(ROLES))
    kind, value = parse_contact(contact)
    password = check_password_rules(password) if password else secrets.token_urlsafe(12)
    if find_by_contact(session, kind, value) is not None:
        raise Conflict("An account with this contact already exists.")
    user = User(password_hash=hash_password(password), role=role,
                display_name=display_name or value.split("@")[0], contact_verified_at=utcnow(),
                **{kind: value})
    secret = None
    if role in STAFF_ROLES:
        secret = pyotp.random_base32()
        user.totp_secret, user.totp_enabled = secret, True
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("An account with this contact already exists.") from None
    audit.record(session, "user.created", None, f"user:{user.id}", role=role, channel=kind)
    session.commit()
    return user, password, secret
