"""The append-only audit log: each event carries SHA-256(previous hash ‖ its canonical content)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models import AuditEvent, utcnow

from .errors import DomainError

GENESIS = "0" * 64
AUDIT_LOCK = 0x41534841  # "ASHA": the advisory-lock id that serialises audit appends
PAGE_SIZE, PAGE_MAX = 100, 1000
MAX_EVENT_ID = 2**31 - 1  # audit_events.id is INTEGER: PostgreSQL refuses to compare a larger one


def canonical(event: AuditEvent) -> str:
    """The event's content as one deterministic string (what the hash covers)."""
    return json.dumps({
        "id": event.id,
        "at": event.created_at.isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "target": event.target,
        "detail": event.detail,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    """SHA-256(prev_hash ‖ canonical(event))."""
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def record(session: Session, action: str, actor_id: int | None = None, target: str = "",
           **detail) -> AuditEvent:
    """Append an event in the caller's transaction (it commits or rolls back with the change).

    On PostgreSQL a transaction-scoped advisory lock makes concurrent writers take turns, so
    they form one chain (SQLite serialises writers by itself).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    next_id = (last.id + 1) if last else 1
    event = AuditEvent(id=next_id, created_at=utcnow(), actor_id=actor_id, action=action,
                       target=str(target), detail=detail, prev_hash=prev)
    event.hash = chain_hash(prev, event)
    session.add(event)
    session.flush()
    return event


@dataclass
class ChainReport:
    """The result of checking the chain: how many events, and the first broken one if any."""

    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash in order; name the first event whose link or content was altered."""
    prev = GENESIS
    checked = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        if event.prev_hash != prev:
            return ChainReport(checked, event.id, "previous hash does not match")
        if chain_hash(prev, event) != event.hash:
            return ChainReport(checked, event.id, "content does not match its hash")
        prev = event.hash
        checked += 1
    return ChainReport(checked)


def latest(session: Session, limit: int = 100) -> list[AuditEvent]:
    """The newest events first (what the audit page shows)."""
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))


@dataclass
class AuditPage:
    """One page of events, newest first, and the `before` that fetches the next (older) page."""

    events: list[AuditEvent]
    next_before: int | None


def page(session: Session, limit: int = PAGE_SIZE, before: int | None = None) -> AuditPage:
    """Up to `limit` events with id < `before` (all if None), newest first.

    `next_before` is the id of the oldest event returned when older ones remain, else None.
    Raises DomainError for a limit outside 1..PAGE_MAX or a `before` that is no event id.
    """
    if not 1 <= limit <= PAGE_MAX:
        raise DomainError("limit must be a whole number from 1 to %(max)s.", max=PAGE_MAX)
    if before is not None and not 1 <= before <= MAX_EVENT_ID:
        raise DomainError("before must be a positive event id (at most %(max)s).", max=MAX_EVENT_ID)
    # One row more than asked tells whether an older page exists, without a COUNT.
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    events = list(session.scalars(query))
    more = len(events) > limit
    events = events[:limit]
    return AuditPage(events, events[-1].id if more else None)
