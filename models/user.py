"""Accounts, their verifications, second factors and one-time codes, and the message outbox."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .district import District

ROLES = ("resident", "moderator", "observer", "admin")
STAFF_ROLES = ("moderator", "observer", "admin")
VERIFICATION_METHODS = ("census", "code", "in_person")


class AccountIdentity:
    """What any account answers, the ORM `User` and the per-request row alike
    (services.session_user.SessionUser): Flask-Login's user protocol, without importing Flask
    into the model layer, and the two questions pages ask."""

    __slots__ = ()
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """`id:version`, so bumping `session_version` ends every existing session."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_verified(self) -> bool:
        """Verified residents (and only they) may propose, support and vote."""
        return self.verified_at is not None and self.district_id is not None

    @property
    def is_staff(self) -> bool:
        """Moderators, observers and admins."""
        return self.role in STAFF_ROLES


class User(AccountIdentity, Base):
    """A person with an account. Staff roles must use two-factor login."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('resident', 'moderator', 'observer', 'admin')", name="role_known"),
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="has_contact"),
        CheckConstraint("locale IN ('ky', 'ru', 'en')", name="locale_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="resident")
    locale: Mapped[str] = mapped_column(String(2), default="ky")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    # The last accepted TOTP time step: a code is accepted only for a later step, so once.
    totp_last_step: Mapped[int | None] = mapped_column()
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped to log out every session of this user (password or role change).
    session_version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped["District | None"] = relationship()


class RecoveryCode(Base):
    """A hashed single-use code that replaces a lost authenticator once."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OneTimeCode(Base):
    """A short-lived code sent to a phone or e-mail (contact proof, password reset)."""

    __tablename__ = "one_time_codes"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    destination: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Verification(Base):
    """How and by whom a resident was confirmed to live in Osh."""

    __tablename__ = "verifications"
    __table_args__ = (
        CheckConstraint("method IN ('census', 'code', 'in_person')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """A message the console sender 'sent': printed, and shown to admins on the outbox page."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    destination: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
