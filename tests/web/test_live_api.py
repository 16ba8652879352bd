"""The tally and turnout API: shapes, and hidden tallies refused on the server."""
from __future__ import annotations

import pytest

from tests import factories as f
from tests.ballot_rows import vote
from tests.helpers import login


def _cycle(session, visibility="public_live"):
    d = f.district(session, "north", 2000)
    budget = f.budget(session, amount=1_000_000, visibility=visibility)
    env = f.envelope(session, budget)
    a, b = f.project(session, budget, env, cost=700_000), f.project(session, budget, env, cost=300_000)
    vote(session, budget, env, f.user(session, district_id=d.id), [a, b])
    vote(session, budget, env, f.user(session, district_id=d.id), [b], channel="paper")
    session.commit()
    return budget, a, b


def test_public_tally_shape(client, session):
    budget, a, b = _cycle(session)
    body = client.get(f"/api/v1/budgets/{budget.id}/tally").get_json()
    assert body["budget_id"] == budget.id and body["ballots"] == 2
    rows = {r["id"]: r for r in body["projects"]}
    assert rows[str(b.id)] == {"id": str(b.id), "points": 2, "votes": 2, "voters": 2,
                               "cost": 300_000}
    assert body["projections"]["greedy"] == sorted([str(a.id), str(b.id)])
    assert "mes" in body["projections"]


@pytest.mark.parametrize("visibility", ["observers_live", "after_close"])
def test_hidden_tally_is_403_for_public_but_turnout_is_open(client, session, visibility):
    budget, _a, _b = _cycle(session, visibility)
    response = client.get(f"/api/v1/budgets/{budget.id}/tally")
    assert response.status_code == 403 and "message" in response.get_json()
    turnout = client.get(f"/api/v1/budgets/{budget.id}/turnout").get_json()
    assert turnout["ballots"] == 2
    assert turnout["by_channel"] == {"online": 1, "paper": 1}
    assert turnout["by_district"]["north"] == {"ballots": 2, "population": 2000, "share": 0.001}
    resident = f.user(session)
    session.commit()
    login(client, resident)
    assert client.get(f"/api/v1/budgets/{budget.id}/tally").status_code == 403


def test_observer_with_second_factor_sees_hidden_tally(client, session):
    budget, _a, _b = _cycle(session, "observers_live")
    observer = f.user(session, role="observer")
    session.commit()
    login(client, observer, mfa=False)
    assert client.get(f"/api/v1/budgets/{budget.id}/tally").status_code == 403
    login(client, observer, mfa=True)
    assert client.get(f"/api/v1/budgets/{budget.id}/tally").get_json()["ballots"] == 2


def test_unknown_and_draft_budgets_are_404(client, session):
    draft = f.budget(session, phase="draft")
    session.commit()
    assert client.get("/api/v1/budgets/999/tally").status_code == 404
    assert client.get(f"/api/v1/budgets/{draft.id}/turnout").status_code == 404
