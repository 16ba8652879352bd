"""Live tallies, turnout and who may see them."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from models import utcnow
from services import tally as tallies
from services.live_cache import LiveCache
from services.visibility import effective_phase, may_see_tally
from tests import factories as f
from tests.ballot_rows import vote

ANONYMOUS = SimpleNamespace(is_authenticated=False)


@pytest.fixture
def cycle(session):
    """A knapsack budget of 1,000,000 with three projects and voters in two districts."""
    north, south = f.district(session, "north", 1000), f.district(session, "south", 4000)
    budget = f.budget(session, amount=1_000_000, rule="greedy")
    env = f.envelope(session, budget)
    a, b, c = (f.project(session, budget, env, cost=cost) for cost in (600_000, 500_000, 400_000))
    voters = [f.user(session, district_id=(north if i < 3 else south).id) for i in range(5)]
    for voter, choice in zip(voters, [[a], [a, c], [b, c], [b], [b, c]]):
        vote(session, budget, env, voter, choice, channel="paper" if voter is voters[4] else "online")
    session.commit()
    return SimpleNamespace(budget=budget, env=env, a=a, b=b, c=c, voters=voters)


def test_tally_counts_points_and_voters_and_projects_both_rules(session, cycle):
    tally = tallies.live_tally(session, LiveCache(), cycle.budget)
    by_id = {r["id"]: (r["points"], r["voters"]) for r in tally["projects"]}
    assert tally["ballots"] == 5
    assert by_id == {str(cycle.a.id): (2, 2), str(cycle.b.id): (3, 3), str(cycle.c.id): (3, 3)}
    # greedy: b (3 votes, 500k) then c (3 votes, 400k); a no longer fits
    assert sorted(tally["greedy"]) == sorted([str(cycle.b.id), str(cycle.c.id)])
    assert set(tally["mes"]) <= {str(p.id) for p in (cycle.a, cycle.b, cycle.c)}


def test_cache_shares_one_count_for_a_second_then_sees_new_ballots(session, cycle, monkeypatch):
    cache = LiveCache()
    first = tallies.live_tally(session, cache, cycle.budget)
    vote(session, cycle.budget, cycle.env, f.user(session), [cycle.a])
    session.commit()
    assert tallies.live_tally(session, cache, cycle.budget)["ballots"] == 5  # cached
    assert cache.recompute_count("tally") == 1
    import time
    later = time.time() + 1.1
    monkeypatch.setattr(time, "time", lambda: later)
    again = tallies.live_tally(session, cache, cycle.budget)
    assert again["ballots"] == 6 and again["version"] != first["version"]


def test_turnout_by_district_share_and_channel(session, cycle):
    turnout = tallies.compute_turnout(session, cycle.budget)
    assert turnout["ballots"] == 5
    assert turnout["by_district"]["north"] == {"ballots": 3, "population": 1000, "share": 0.003}
    assert turnout["by_district"]["south"]["ballots"] == 2
    assert turnout["by_channel"] == {"online": 4, "paper": 1}
    assert sum(turnout["by_hour"].values()) == 5


@pytest.mark.parametrize("visibility, phase, public, watcher", [
    ("public_live", "voting", True, True),
    ("observers_live", "voting", False, True),
    ("observers_live", "closed", False, True),
    ("observers_live", "published", True, True),
    ("after_close", "voting", False, True),
    ("after_close", "closed", True, True),
    ("public_live", "draft", False, True),
])
def test_visibility_rules(session, server, visibility, phase, public, watcher):
    budget = f.budget(session, visibility=visibility, phase=phase)
    observer = f.user(session, role="observer")
    resident = f.user(session)
    with server.test_request_context():
        from flask import session as web_session

        web_session["mfa_ok"] = True
        assert may_see_tally(budget, ANONYMOUS) is public
        assert may_see_tally(budget, resident) is public
        assert may_see_tally(budget, observer) is watcher
        web_session["mfa_ok"] = False  # an observer without the second factor is the public
        assert may_see_tally(budget, observer) is public


def test_voting_past_its_end_counts_as_closed(session):
    budget = f.budget(session, visibility="after_close")
    assert effective_phase(budget) == "voting"
    budget.voting_end = utcnow() - timedelta(minutes=1)
    assert effective_phase(budget) == "closed"
    assert may_see_tally(budget, ANONYMOUS)


def test_mes_projection_from_grouped_profiles_matches_every_ballot(session, cycle):
    from services.elections import budget_elections
    from voting.rules import compute

    expected = [pid for part in budget_elections(session, cycle.budget)
                for pid in compute(part.election, "mes").selected]
    assert sorted(tallies.mes_projection(session, cycle.budget)) == sorted(expected)
