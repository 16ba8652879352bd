"""Osh's districts and the census roll that places each resident in one."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .user import User


class District(Base):
    """An administrative district (or a zone of the city) with its census population."""

    __tablename__ = "districts"
    __table_args__ = (CheckConstraint("population >= 0", name="population_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ky: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    population: Mapped[int] = mapped_column(default=0)


class CensusEntry(Base):
    """An eligible resident, stored only as keyed HMACs so the roll names nobody.

    `person_hmac` is HMAC(personal number); `entry_hmac` is HMAC(personal number ‖ birth date),
    which a resident must reproduce to claim the entry. One entry verifies one account at most.
    """

    __tablename__ = "census_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hmac: Mapped[str] = mapped_column(String(64))
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped[District] = relationship()
    claimed_by: Mapped["User | None"] = relationship(foreign_keys=[claimed_by_id])
