"""The audit log as JSON for observers and city-hall staff: events and the chain check.

Each event carries exactly what its hash covers plus both hashes, so anyone holding a page can
recompute the chain without trusting the server:

    canonical = json.dumps({"id": id, "at": at, "actor": actor_id, "action": action,
                            "target": target, "detail": detail},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    hash == sha256((prev_hash + canonical).encode("utf-8")).hexdigest()

`at` is given exactly as hashed (ISO 8601, UTC, microseconds, `+00:00`); note the key is
`actor` inside the canonical form. The first event's `prev_hash` is 64 zeros, and each
event's `prev_hash` is the `hash` of the event before it (the next one in this newest-first list).
"""
from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from models.db import get_session
from services import audit
from services.errors import DomainError
from services.visibility import is_watcher
from translations import _

from . import ApiError, bp

MAX_DIGITS = 20  # longer is out of range anyway, and int() of a huge string is slow


def _whole_number(name: str) -> int | None:
    """The query parameter `name` as a non-negative integer, None if absent, else a JSON 400."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS):
        raise ApiError(400, _("%(name)s must be a positive whole number, not %(value)s.",
                              name=name, value=repr(raw[:40])))
    return int(raw)


def event_json(event) -> dict:
    """An event as hashed (see the module docstring), with its `prev_hash` and `hash`."""
    return {
        "id": event.id,
        "at": event.created_at.isoformat(timespec="microseconds"),  # as audit.canonical writes it
        "actor_id": event.actor_id,
        "action": event.action,
        "target": event.target,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


@bp.get("/v1/audit")
def audit_log():
    """Audit events newest first (`?limit=` 1..1000, default 100; `?before=<id>`) and the chain check.

    The whole chain is verified on every call (one pass over all events): fine for a city's
    log today; cache the report if it ever grows large. `next_before` fetches the older page.
    """
    if not current_user.is_authenticated:
        raise ApiError(401, _("Please log in to read the audit log."))
    if not is_watcher(current_user):
        raise ApiError(403, _("The audit log is open to observers and city-hall staff "
                              "after two-factor login."))
    limit = _whole_number("limit")
    before = _whole_number("before")
    session = get_session()
    try:
        found = audit.page(session, audit.PAGE_SIZE if limit is None else limit, before)
    except DomainError as error:
        raise ApiError(error.status, _(error.message, **error.params)) from None
    report = audit.verify_chain(session)
    response = jsonify(
        events=[event_json(e) for e in found.events],
        chain={"ok": report.ok, "checked": report.checked, "broken_id": report.broken_id,
               "reason": report.reason},
        next_before=found.next_before,
    )
    response.cache_control.no_store = True  # the log names actors: never kept by any cache
    response.cache_control.private = True
    return response
