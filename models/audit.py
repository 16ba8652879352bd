"""The append-only, hash-chained audit log and the published result snapshots."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """A security-relevant event; `hash` = SHA-256(prev_hash ‖ canonical row)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(128), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ResultSnapshot(Base):
    """A published outcome; never edited. A correction is a new snapshot that names the old one."""

    __tablename__ = "result_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    rule: Mapped[str] = mapped_column(String(24))
    selected: Mapped[list] = mapped_column(JSON)
    tallies: Mapped[dict] = mapped_column(JSON)
    explanations: Mapped[dict] = mapped_column(JSON)
    spent: Mapped[int] = mapped_column(BigInteger)
    ballots_counted: Mapped[int] = mapped_column()
    pb_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("result_snapshots.id"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
