"""Explanations state facts a voter can check, for every project."""
import pytest

from voting import Ballot, Election, Project
from voting.rules import compute

SMALL = Election(budget=100, projects=[Project("a", 60), Project("b", 50), Project("c", 30)],
                 ballots=[Ballot(["a", "b"], weight=3), Ballot(["b", "c"], weight=2), Ballot(["c"])])


def test_greedy_ranks_and_money_left():
    ex = compute(SMALL, "greedy").explanations
    # b (5 votes) first, then a (3 votes) does not fit 50 left, then c (3 votes, id after a)
    assert ex["b"] == {"code": "greedy_selected", "rank": 1, "score": 5, "cost": 50, "money_left": 100}
    assert ex["a"]["code"] == "greedy_skipped" and ex["a"]["cost"] > ex["a"]["money_left"]
    assert ex["c"] == {"code": "greedy_selected", "rank": 3, "score": 3, "cost": 30, "money_left": 50}


@pytest.mark.parametrize("name", ["Poland_Warszawa_2019_Okecie.pb", "Poland_Krakow_2020.pb"])
def test_every_skipped_greedy_project_did_not_fit(name, elections):
    outcome = compute(elections(name), "greedy")
    skipped = [e for e in outcome.explanations.values() if e["code"] == "greedy_skipped"]
    assert skipped
    assert all(e["cost"] > e["money_left"] for e in skipped)
    ranks = sorted(e["rank"] for e in outcome.explanations.values())
    assert ranks == list(range(1, len(ranks) + 1))


def test_mes_rounds_prices_and_shortfalls(elections):
    election = elections("Poland_Swiecie_2023.pb")
    outcome = compute(election, "mes")
    votes = {p.id: int(p.extra["votes"]) for p in election.projects}
    selected = [e for e in outcome.explanations.values() if e["code"] == "mes_selected"]
    assert sorted(e["round"] for e in selected) == list(range(1, len(outcome.selected) + 1))
    for pid in outcome.selected:
        e = outcome.explanations[pid]
        # nobody pays more than the price, so the price times the supporters covers the cost
        assert e["price_per_point"] * votes[pid] >= e["cost"]
        assert e["price_per_point"] <= e["voter_budget"]
    shortfalls = [e for e in outcome.explanations.values() if e["code"] == "mes_unaffordable"]
    assert shortfalls and all(e["supporters_budget"] < e["cost"] for e in shortfalls)


def test_completion_steps_are_marked(elections):
    outcome = compute(elections("Netherlands_Assen_2024.pb"), "mes_add1_greedy")
    codes = {pid: e["code"] for pid, e in outcome.explanations.items()}
    assert codes["7"] == "completion_selected"  # the one project greedy adds after Add1
    assert outcome.explanations["7"]["step"] == "completion"
    assert all(codes[p] == "mes_selected" for p in outcome.selected if p != "7")
