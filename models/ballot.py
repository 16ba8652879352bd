"""Ballot secrecy by construction: who voted (VoterRoll) lives apart from what was voted (Ballot).

The two are linked only by `Ballot.pseudonym` = HMAC(server key, budget ‖ voter), so the ballots
table alone names nobody, yet one person holds one ballot and can replace it.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

CHANNELS = ("online", "paper")


class VoterRoll(Base):
    """Who voted in a budget, when and through which channel; never what they chose."""

    __tablename__ = "voter_roll"
    __table_args__ = (
        UniqueConstraint("budget_id", "user_id", name="uq_voter_roll_budget_user"),
        CheckConstraint("channel IN ('online', 'paper')", name="channel_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    channel: Mapped[str] = mapped_column(String(8))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Ballot(Base):
    """What was chosen, under a pseudonym; carries no time, so it cannot be matched to the roll."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("budget_id", "pseudonym", name="uq_ballots_budget_pseudonym"),
        CheckConstraint("revision > 0", name="revision_positive"),
    )

    # Random, not sequential: insertion order must not match a ballot to its voter-roll row.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: secrets.token_hex(16))
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"))
    pseudonym: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the receipt code the voter was shown once; published on the bulletin.
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revision: Mapped[int] = mapped_column(default=1)

    items: Mapped[list["BallotItem"]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan", order_by="BallotItem.project_id")


class BallotItem(Base):
    """One project chosen on a ballot, with its points (1 for approval and knapsack)."""

    __tablename__ = "ballot_items"
    __table_args__ = (CheckConstraint("points > 0", name="points_positive"),)

    ballot_id: Mapped[str] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True, index=True)
    points: Mapped[int] = mapped_column(default=1)

    ballot: Mapped[Ballot] = relationship(back_populates="items")


class SubmissionKey(Base):
    """Idempotency: a retried submit with the same key gets the same receipt, not a new ballot.

    Keyed by the pseudonym (not the user) so it adds no link between voter and choices.
    """

    __tablename__ = "submission_keys"
    __table_args__ = (UniqueConstraint("pseudonym", "key", name="uq_submission_keys_pseudonym_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    receipt_code: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
