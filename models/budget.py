"""Budget cycles and their envelopes (city-wide or per district)."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .district import District
    from .project import Project

PHASES = ("draft", "proposals", "review", "voting", "closed", "published", "implementation")
METHODS = ("approval", "knapsack", "cumulative")
RULES = ("greedy", "mes", "mes_add1", "mes_add1_greedy")
VISIBILITIES = ("public_live", "observers_live", "after_close")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Budget(Base):
    """One participatory-budgeting cycle: money in KGS, phases, voting method and outcome rule.

    Method, limits and rule are frozen (`frozen_at`) when the first ballot is cast.
    """

    __tablename__ = "budgets"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_one_of("phase", PHASES), name="phase_known"),
        CheckConstraint(_one_of("method", METHODS), name="method_known"),
        CheckConstraint(_one_of("rule", RULES), name="rule_known"),
        CheckConstraint(_one_of("visibility", VISIBILITIES), name="visibility_known"),
        CheckConstraint("max_choices IS NULL OR max_choices > 0", name="max_choices_positive"),
        CheckConstraint("min_choices >= 0", name="min_choices_non_negative"),
        CheckConstraint("max_points IS NULL OR max_points > 0", name="max_points_positive"),
        CheckConstraint("min_spend_percent BETWEEN 0 AND 100", name="min_spend_percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column()
    name_ky: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    description_ky: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="KGS")
    phase: Mapped[str] = mapped_column(String(16), default="draft")
    method: Mapped[str] = mapped_column(String(16), default="knapsack")
    rule: Mapped[str] = mapped_column(String(24), default="greedy")
    visibility: Mapped[str] = mapped_column(String(16), default="public_live")
    # approval: choose between min_choices and max_choices; cumulative: spread max_points.
    max_choices: Mapped[int | None] = mapped_column()
    min_choices: Mapped[int] = mapped_column(default=0)
    max_points: Mapped[int | None] = mapped_column()
    # knapsack: the share of the envelope a ballot must at least spend.
    min_spend_percent: Mapped[int] = mapped_column(default=0)
    allow_revote: Mapped[bool] = mapped_column(default=True)
    support_threshold: Mapped[int] = mapped_column(default=0)
    proposals_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposals_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    envelopes: Mapped[list["Envelope"]] = relationship(
        back_populates="budget", order_by="Envelope.id")
    projects: Mapped[list["Project"]] = relationship(back_populates="budget")


class Envelope(Base):
    """A share of a budget: city-wide (no district) or reserved for one district."""

    __tablename__ = "envelopes"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        UniqueConstraint("budget_id", "district_id", name="uq_envelopes_budget_district"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    amount: Mapped[int] = mapped_column(BigInteger)

    budget: Mapped[Budget] = relationship(back_populates="envelopes")
    district: Mapped["District | None"] = relationship()
