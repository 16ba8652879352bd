"""One ballot covers the city-wide envelope and the voter's district: each envelope counts its own part."""
from services.ballots import cast_ballot
from services.elections import budget_elections
from services.results import compute_result
from tests import factories as f

KEY = "test-ballot"


def test_a_ballot_across_two_envelopes_is_split_by_project_envelope(session):
    a = f.district(session, "osh-a")
    budget = f.budget(session, method="knapsack", amount=13_000_000)
    city = f.envelope(session, budget, amount=10_000_000)
    env_a = f.envelope(session, budget, amount=3_000_000, district_id=a.id)
    park = f.project(session, budget, city, cost=6_000_000)
    lights = f.project(session, budget, env_a, cost=2_000_000, district_id=a.id)
    voters = [f.user(session, district_id=a.id) for _ in range(3)]
    session.commit()
    for voter in voters:
        cast_ballot(session, voter, budget.id, {park.id: 1, lights.id: 1}, ballot_key=KEY)

    parts = {part.envelope.id: part.election for part in budget_elections(session, budget)}
    assert [p.id for p in parts[city.id].projects] == [str(park.id)]
    assert [p.id for p in parts[env_a.id].projects] == [str(lights.id)]
    assert parts[city.id].num_voters() == 3 and parts[env_a.id].num_voters() == 3

    result = compute_result(session, budget)
    assert result["selected"] == sorted([str(park.id), str(lights.id)])
    assert result["ballots_counted"] == 3  # three people voted, not six
    assert result["tallies"]["projects"][str(lights.id)]["points"] == 3
