"""`ashar simulate-votes`: N new verified voters, N valid ballots, through cast_ballot."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cli.votes import simulate_votes_command
from models import Ballot, User, VoterRoll
from tests import factories as f


@pytest.mark.parametrize("method", ["approval", "knapsack", "cumulative"])
def test_simulate_votes_casts_valid_ballots(server, session, method):
    a, b = f.district(session, "osh-a"), f.district(session, "osh-b")
    budget = f.budget(session, method=method, max_choices=3 if method == "approval" else None,
                      max_points=5 if method == "cumulative" else None, min_spend_percent=50)
    city = f.envelope(session, budget, amount=5_000_000)
    for d in (a, b):
        env = f.envelope(session, budget, amount=2_000_000, district_id=d.id)
        f.project(session, budget, env, cost=1_500_000, district_id=d.id)
    for cost in (1_000_000, 2_000_000, 3_000_000, 4_000_000):
        f.project(session, budget, city, cost=cost)
    session.commit()
    result = server.test_cli_runner().invoke(simulate_votes_command, [str(budget.id), "--count", "12", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("12 ballots cast in")
    assert session.scalar(select(func.count()).select_from(Ballot)) == 12
    districts = set(session.scalars(select(VoterRoll.district_id)))
    assert districts <= {a.id, b.id} and districts


def test_simulate_votes_on_a_closed_budget_fails_cleanly(server, session):
    f.district(session)
    budget = f.budget(session, phase="closed")
    f.envelope(session, budget)
    session.commit()
    result = server.test_cli_runner().invoke(simulate_votes_command, [str(budget.id), "--count", "2"])
    assert result.exit_code == 1 and "not open" in result.output
    assert session.scalar(select(func.count()).select_from(User)) == 0, "no voters left behind"
