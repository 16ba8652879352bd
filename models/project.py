"""Projects (proposals and ballot items), their public status history, supports and progress."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .budget import Budget, Envelope
    from .district import District

STATUSES = ("proposed", "under_review", "accepted", "rejected", "withdrawn", "merged")
CATEGORIES = ("parks", "lighting", "water", "schools", "roads", "accessibility",
              "culture", "sport", "health", "environment", "transport", "other")
IMPLEMENTATION_STATUSES = ("planned", "procurement", "in_progress", "completed", "cancelled")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Project(Base):
    """A resident's proposal or a city project; `accepted` ones stand on the ballot."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("cost > 0", name="cost_positive"),
        CheckConstraint("official_cost IS NULL OR official_cost > 0", name="official_cost_positive"),
        CheckConstraint(_one_of("status", STATUSES), name="status_known"),
        CheckConstraint(_one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(
            "implementation_status IS NULL OR " + _one_of("implementation_status", IMPLEMENTATION_STATUSES),
            name="implementation_status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title_ky: Mapped[str] = mapped_column(String(200), default="")
    title_ru: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_ky: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(16), default="other")
    cost: Mapped[int] = mapped_column(BigInteger)
    official_cost: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    feasible: Mapped[bool | None] = mapped_column()
    feasibility_note: Mapped[str] = mapped_column(Text, default="")
    public_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    implementation_status: Mapped[str | None] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    budget: Mapped["Budget"] = relationship(back_populates="projects")
    envelope: Mapped["Envelope"] = relationship()
    district: Mapped["District | None"] = relationship()

    @property
    def ballot_cost(self) -> int:
        """The cost that counts on the ballot: the city's estimate once it exists."""
        return self.official_cost or self.cost


class ProjectStatusEvent(Base):
    """One public step in a project's history (submitted, reviewed, accepted, rejected…)."""

    __tablename__ = "project_status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Support(Base):
    """A verified resident's support for a proposal; one per resident per proposal."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("project_id", "user_id", name="uq_supports_project_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImplementationUpdate(Base):
    """A dated report on a funded project's progress, with an optional photo."""

    __tablename__ = "implementation_updates"
    __table_args__ = (
        CheckConstraint(_one_of("status", IMPLEMENTATION_STATUSES), name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column()
    note_ky: Mapped[str] = mapped_column(Text, default="")
    note_ru: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(300))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
