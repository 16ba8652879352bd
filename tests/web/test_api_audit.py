"""GET /api/v1/audit: observers and city-hall staff read the hash chain and can recompute it."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from sqlalchemy import update

from models import AuditEvent
from services import audit
from tests import factories as f
from tests.helpers import login

FIELDS = {"id", "at", "actor_id", "action", "target", "detail", "prev_hash", "hash"}


def _events(session, n: int, actor=None) -> None:
    for i in range(1, n + 1):
        audit.record(session, "test.step", actor_id=actor.id if actor else None, target=f"budget:{i}",
                     step=i, note="Ош шаары ✓")
    session.commit()


def _watcher(client, session, role="observer"):
    user = f.user(session, role=role)
    session.commit()
    login(client, user, mfa=True)
    return user


def _recomputed(event: dict) -> str:
    """The hash as the endpoint's docstring tells an observer to compute it (no Ashar code)."""
    canonical = json.dumps({"id": event["id"], "at": event["at"], "actor": event["actor_id"],
                            "action": event["action"], "target": event["target"], "detail": event["detail"]},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((event["prev_hash"] + canonical).encode("utf-8")).hexdigest()


def test_observer_with_second_factor_gets_newest_first_and_hashes_recompute(client, session):
    observer = _watcher(client, session)
    _events(session, 3, actor=observer)
    response = client.get("/api/v1/audit")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    body = response.get_json()
    events = body["events"]
    assert [e["id"] for e in events] == [3, 2, 1]
    assert all(set(e) == FIELDS for e in events)
    assert events[0]["actor_id"] == observer.id and events[0]["detail"] == {"step": 3, "note": "Ош шаары ✓"}
    assert datetime.fromisoformat(events[0]["at"]).utcoffset().total_seconds() == 0
    for newer, older in zip(events, events[1:]):
        assert newer["prev_hash"] == older["hash"]
    assert events[-1]["prev_hash"] == audit.GENESIS
    for e in events:
        rebuilt = AuditEvent(id=e["id"], created_at=datetime.fromisoformat(e["at"]), actor_id=e["actor_id"],
                             action=e["action"], target=e["target"], detail=e["detail"])
        assert audit.chain_hash(e["prev_hash"], rebuilt) == e["hash"] == _recomputed(e)
    assert body["chain"] == {"ok": True, "checked": 3, "broken_id": None, "reason": ""}
    assert body["next_before"] is None


def test_empty_log_is_an_intact_chain(client, session):
    _watcher(client, session)
    body = client.get("/api/v1/audit").get_json()
    assert body == {"events": [], "chain": {"ok": True, "checked": 0, "broken_id": None, "reason": ""},
                    "next_before": None}


def test_pages_walk_back_with_next_before(client, session):
    _watcher(client, session)
    _events(session, 5)
    first = client.get("/api/v1/audit?limit=2").get_json()
    assert [e["id"] for e in first["events"]] == [5, 4] and first["next_before"] == 4
    second = client.get(f"/api/v1/audit?limit=2&before={first['next_before']}").get_json()
    assert [e["id"] for e in second["events"]] == [3, 2] and second["next_before"] == 2
    last = client.get(f"/api/v1/audit?limit=2&before={second['next_before']}").get_json()
    assert [e["id"] for e in last["events"]] == [1] and last["next_before"] is None
    assert last["chain"]["checked"] == 5  # the check covers the whole chain, not the page
    assert [e["id"] for e in client.get("/api/v1/audit?limit=1000").get_json()["events"]] == [5, 4, 3, 2, 1]
    assert client.get("/api/v1/audit?before=1").get_json()["events"] == []
    huge = client.get(f"/api/v1/audit?before={audit.MAX_EVENT_ID}")  # PostgreSQL's INTEGER limit
    assert huge.status_code == 200 and len(huge.get_json()["events"]) == 5


def test_anonymous_is_asked_to_log_in(client, session):
    _events(session, 1)
    response = client.get("/api/v1/audit")
    assert response.status_code == 401
    assert "log in" in response.get_json()["message"]


@pytest.mark.parametrize("role, mfa", [("resident", True), ("observer", False), ("moderator", False),
                                       ("admin", False)])
def test_residents_and_staff_without_second_factor_are_refused(client, session, role, mfa):
    _events(session, 1)
    user = f.user(session, role=role)
    session.commit()
    login(client, user, mfa=mfa)
    response = client.get("/api/v1/audit")
    assert response.status_code == 403
    message = response.get_json()["message"]
    assert "observers and city-hall staff" in message and "two-factor" in message
    assert "events" not in response.get_json()


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_city_hall_staff_with_second_factor_may_read(client, session, role):
    _watcher(client, session, role=role)
    _events(session, 2)
    assert [e["id"] for e in client.get("/api/v1/audit").get_json()["events"]] == [2, 1]


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "limit=1001", "limit=99999999999999999999",
                                   "limit=-1", "limit=1.5", "limit=1e3", "limit=+5", "limit=%205",
                                   "limit=" + "9" * 5000, "before=-1", "before=0", "before=1e999",
                                   "before=abc", f"before={2**31}", "before=99999999999999999999",
                                   "before=%EF%BC%95"])  # a full-width 5: a digit, not an ASCII one
def test_bad_query_values_are_400_with_a_message(client, session, query):
    _watcher(client, session)
    _events(session, 1)
    response = client.get(f"/api/v1/audit?{query}")
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    message = response.get_json()["message"]
    assert query.split("=")[0] in message


def test_tampered_detail_breaks_the_chain_at_that_event(client, session):
    _watcher(client, session)
    _events(session, 3)
    session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(detail={"step": 20}))
    session.commit()
    body = client.get("/api/v1/audit").get_json()
    assert body["chain"] == {"ok": False, "checked": 1, "broken_id": 2,
                             "reason": "content does not match its hash"}
    tampered = next(e for e in body["events"] if e["id"] == 2)
    assert tampered["detail"] == {"step": 20} and _recomputed(tampered) != tampered["hash"]
