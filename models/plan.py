"""The OGP Local Joint Action Plan: commitments and their milestones."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

COMMITMENT_STATUSES = ("not_started", "in_progress", "completed", "delayed")
MILESTONE_STATUSES = ("planned", "in_progress", "done", "delayed")


class ActionPlan(Base):
    """One Joint Action Plan of the Open Osh working group."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_ky: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    summary_ky: Mapped[str] = mapped_column(Text, default="")
    summary_ru: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="action_plan", order_by="Commitment.number")


class Commitment(Base):
    """A commitment in the OGP Local shape: problem, commitment, lead, partners, milestones."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('not_started', 'in_progress', 'completed', 'delayed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[int] = mapped_column()
    title_ky: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    problem_ky: Mapped[str] = mapped_column(Text, default="")
    problem_ru: Mapped[str] = mapped_column(Text, default="")
    problem_en: Mapped[str] = mapped_column(Text, default="")
    description_ky: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    lead_department_ky: Mapped[str] = mapped_column(String(300), default="")
    lead_department_ru: Mapped[str] = mapped_column(String(300), default="")
    lead_department_en: Mapped[str] = mapped_column(String(300), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="not_started")

    action_plan: Mapped[ActionPlan] = relationship(back_populates="commitments")
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="commitment", order_by="Milestone.due_on")


class Milestone(Base):
    """A dated step of a commitment."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'delayed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    title_ky: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")
