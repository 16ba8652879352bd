"""Random elections, our rules against pabutools run live (the definition we promise to match)."""
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (AdditiveSatisfaction, ApprovalBallot, ApprovalProfile, Cost_Sat,
                                CumulativeBallot, CumulativeProfile, Instance, Project as PProject)
from pabutools.rules import (completion_by_rule_combination, exhaustion_by_budget_increase,
                             greedy_utilitarian_welfare, method_of_equal_shares)

from voting import Ballot, Election, Project
from voting.rules import RULES, compute


class CostPointsSat(AdditiveSatisfaction):
    """cost x points, as reference_rules.py defines it for cumulative ballots."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, lambda i, pr, b, p, pre: p.cost * b.get(p, 0))


def pabutools_selection(election: Election, rule: str) -> list[str]:
    """What pabutools 1.2.3 selects, set up exactly as reference_rules.py does (a ballot of
    weight w counts as w identical ballots)."""
    projects = {p.id: PProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    if election.vote_type == "approval":
        profile = ApprovalProfile([ApprovalBallot(projects[i] for i in b.choices)
                                   for b in election.ballots for _ in range(b.weight)],
                                  instance=instance)
        sat = Cost_Sat
    else:
        profile = CumulativeProfile([CumulativeBallot({projects[i]: v for i, v in b.choices.items()})
                                     for b in election.ballots for _ in range(b.weight)],
                                    instance=instance)
        sat = CostPointsSat
    profile = profile.as_multiprofile()
    n = profile.num_ballots()

    def add1():
        return {"rule": method_of_equal_shares, "rule_params": {"sat_class": sat},
                "budget_step": n, "exhaustive_stop": False}

    if rule == "greedy":
        out = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    elif rule == "mes":
        out = method_of_equal_shares(instance, profile, sat_class=sat)
    elif rule == "mes_add1":
        out = exhaustion_by_budget_increase(instance, profile, **add1())
    else:
        out = completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [add1(), {"sat_class": sat}])
    return sorted(p.name for p in out)


@st.composite
def random_elections(draw, vote_type):
    """Small elections with many ties: few distinct costs and points, short ids."""
    ids = draw(st.lists(st.text("ab12", min_size=1, max_size=2), min_size=1, max_size=6, unique=True))
    costs = draw(st.lists(st.integers(1, 12), min_size=len(ids), max_size=len(ids)))
    projects = [Project(i, c) for i, c in zip(ids, costs)]
    budget = draw(st.integers(1, max(1, min(40, sum(costs)))))
    choice = st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    if vote_type == "approval":
        ballots = [Ballot(c) for c in draw(st.lists(choice, min_size=1, max_size=9))]
    else:
        points = st.dictionaries(st.sampled_from(ids), st.integers(1, 4), max_size=len(ids))
        ballots = [Ballot(c) for c in draw(st.lists(points, min_size=1, max_size=9))]
    return Election(budget=budget, projects=projects, ballots=ballots, vote_type=vote_type)


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("vote_type", ["approval", "cumulative"])
def test_same_selection_as_pabutools_on_random_elections(rule, vote_type):
    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(random_elections(vote_type))
    def check(election):
        outcome = compute(election, rule)
        assert sorted(outcome.selected) == pabutools_selection(election, rule)
        costs = {p.id: p.cost for p in election.projects}
        assert outcome.spent == sum(costs[i] for i in outcome.selected) <= election.budget

    check()


def test_fractional_money_is_exact():
    """Costs in cents and a budget that splits unevenly among voters still match pabutools."""
    election = Election(budget="10.01", vote_type="approval",
                        projects=[Project("a", "3.34"), Project("b", "3.33"), Project("c", "6.67")],
                        ballots=[Ballot(["a", "c"]), Ballot(["b", "c"]), Ballot(["a", "b"])])
    for rule in RULES:
        assert sorted(compute(election, rule).selected) == pabutools_selection(election, rule)
