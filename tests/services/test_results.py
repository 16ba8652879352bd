"""Closing, previewing and publishing results; snapshots never change, corrections add one."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from models import AuditEvent, ResultSnapshot, utcnow
from services import results
from services.errors import Conflict, DomainError, Forbidden
from services.exports import export_pb, sha256
from tests import factories as f
from tests.ballot_rows import vote


@pytest.fixture
def cycle(session):
    """Greedy knapsack budget of 1,000,000: b and c are funded, a is skipped."""
    budget = f.budget(session, amount=1_000_000, rule="greedy")
    env = f.envelope(session, budget)
    a, b, c = (f.project(session, budget, env, cost=cost) for cost in (600_000, 500_000, 400_000))
    for choice in ([a], [a, c], [b, c], [b], [b, c]):
        vote(session, budget, env, f.user(session), choice)
    admin = f.user(session, role="admin")
    session.commit()
    return SimpleNamespace(budget=budget, env=env, a=a, b=b, c=c, admin=admin)


def test_preview_refused_while_voting_then_close_is_audited(session, cycle):
    with pytest.raises(Conflict):
        results.preview(session, cycle.admin, cycle.budget.id)
    resident = f.user(session)
    with pytest.raises(Forbidden):
        results.close_voting(session, resident, cycle.budget.id)
    results.close_voting(session, cycle.admin, cycle.budget.id)
    assert cycle.budget.phase == "closed"
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "budget.close"
    preview = results.preview(session, cycle.admin, cycle.budget.id)
    assert preview["selected"] == sorted([str(cycle.b.id), str(cycle.c.id)])
    assert preview["spent"] == 900_000 and preview["ballots_counted"] == 5
    assert preview["explanations"][str(cycle.a.id)]["code"] == "greedy_skipped"
    assert session.scalar(select(ResultSnapshot)) is None  # a preview writes nothing


def test_voting_past_its_end_date_can_be_published(session, cycle):
    cycle.budget.voting_end = utcnow() - timedelta(hours=1)
    session.commit()
    snapshot = results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True)
    assert cycle.budget.phase == "published"
    _name, text = export_pb(session, cycle.budget)
    assert snapshot.pb_sha256 == sha256(text)
    event = session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.action == "results.publish" and event.detail["pb_sha256"] == snapshot.pb_sha256
    assert event.detail["selected"] == snapshot.selected


def test_publish_needs_fresh_admin_login_and_closed_voting(session, cycle):
    with pytest.raises(Conflict):
        results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True)
    results.close_voting(session, cycle.admin, cycle.budget.id)
    with pytest.raises(Forbidden):
        results.publish(session, cycle.admin, cycle.budget.id, fresh_login=False)
    observer = f.user(session, role="observer")
    with pytest.raises(Forbidden):
        results.publish(session, observer, cycle.budget.id, fresh_login=True)
    with pytest.raises(Conflict):
        results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True,
                        expected_sha256="0" * 64)
    assert session.scalar(select(ResultSnapshot)) is None


def test_correction_is_a_new_snapshot_with_reason_and_both_stay(session, cycle):
    results.close_voting(session, cycle.admin, cycle.budget.id)
    first = results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True)
    with pytest.raises(DomainError):
        results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True)  # no reason
    first_row = (first.id, first.selected, first.pb_sha256, first.published_at)
    second = results.publish(session, cycle.admin, cycle.budget.id, fresh_login=True,
                             reason="Recount after a paper ballot box was found")
    assert second.supersedes_id == first.id and second.id != first.id
    session.expire_all()
    again = session.get(ResultSnapshot, first.id)
    assert (again.id, again.selected, again.pb_sha256, again.published_at) == first_row
    api = results.published_results(session, cycle.budget.id)
    assert [s["id"] for s in api["snapshots"]] == [second.id, first.id]
    assert api["snapshots"][0]["reason"].startswith("Recount")
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["results.publish", "results.correct"]


def test_export_has_no_pseudonyms_and_numbers_voters_by_content(session, cycle):
    _name, text = export_pb(session, cycle.budget)
    pseudonyms = [b.pseudonym for b in session.scalars(select(__import__("models").Ballot))]
    assert not any(p in text for p in pseudonyms)
    votes = text.split("VOTES\n", 1)[1].splitlines()
    assert votes[0] == "voter_id;vote"
    assert [row.split(";")[0] for row in votes[1:]] == ["1", "2", "3", "4", "5"]
    assert "META" in text and "rule;greedy" in text and "vote_type;approval" in text
    assert f"{cycle.a.id};600000" in text
