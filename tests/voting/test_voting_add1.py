"""Fast Add1 (one MES run per possible change) against its definition (one run per unit).

The fast :func:`~voting.rules.equal_shares.add1` skips unit steps that provably give the same
purchases; here it must end on exactly the run the one-run-per-unit reference ends on: the
same voter budget, the same purchases in the same order at the same prices.
"""
import importlib
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_voting_rules_live import pabutools_selection
from voting import Ballot, Election, Project
from voting.rules import compute
from voting.rules.mes_core import EqualShares
from voting.rules.profile import compile_election
from voting.rules.small import SmallEqualShares, compile_small

equal_shares = importlib.import_module("voting.rules.equal_shares")


def summary(found):
    """(voter budget, [(project, price)]) of an Add1 result, or None."""
    if found is None:
        return None
    beta, purchases, _ = found
    return beta, [(p.project, p.price) for p in purchases]


def assert_fast_matches_reference(election: Election) -> None:
    mes = EqualShares(compile_election(election))
    small = compile_small(election, limit=10**9)
    plain = SmallEqualShares(small) if small is not None else None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the fast path's safety net must never be needed
        fast = summary(equal_shares.add1(mes))
        mixed = summary(equal_shares.add1(mes, plain=plain))  # plain runs where not tracked
    reference = summary(equal_shares.add1_reference(mes))
    assert fast == reference
    assert mixed == reference


@st.composite
def tied_elections(draw, vote_type):
    """Small elections with tight budgets and many ties: few costs, few points, short ids."""
    ids = draw(st.lists(st.text("ab12", min_size=1, max_size=2), min_size=1, max_size=7,
                        unique=True))
    costs = draw(st.lists(st.sampled_from([2, 3, 4, 6, 12, 30]), min_size=len(ids),
                          max_size=len(ids)))
    budget = draw(st.integers(1, max(1, min(60, sum(costs) + 5))))
    if vote_type == "approval":
        choice = st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    else:
        choice = st.dictionaries(st.sampled_from(ids), st.integers(1, 3), max_size=len(ids))
    ballots = [Ballot(b, weight=w) for b, w in draw(st.lists(
        st.tuples(choice, st.integers(1, 3)), min_size=1, max_size=10))]
    return Election(budget=budget, vote_type=vote_type, ballots=ballots,
                    projects=[Project(i, c) for i, c in zip(ids, costs)])


@pytest.mark.parametrize("vote_type", ["approval", "cumulative"])
def test_fast_add1_ends_on_the_reference_run(vote_type):
    @settings(max_examples=250, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(tied_elections(vote_type))
    def check(election):
        assert_fast_matches_reference(election)

    check()


@pytest.mark.parametrize("rule", ["mes_add1", "mes_add1_greedy"])
@pytest.mark.parametrize("vote_type", ["approval", "cumulative"])
def test_fast_add1_selects_what_pabutools_selects_on_tied_elections(vote_type, rule):
    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(tied_elections(vote_type))
    def check(election):
        assert sorted(compute(election, rule).selected) == pabutools_selection(election, rule)

    check()


@pytest.mark.parametrize("vote_type", ["approval", "cumulative"])
def test_fast_add1_on_larger_random_elections(vote_type):
    """More voters and money, so that the fast path really jumps over many units."""
    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        n_projects = data.draw(st.integers(2, 8))
        ids = [f"p{i}" for i in range(n_projects)]
        costs = data.draw(st.lists(st.integers(10, 400), min_size=n_projects, max_size=n_projects))
        budget = data.draw(st.integers(10, max(10, sum(costs))))
        if vote_type == "approval":
            choice = st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=n_projects)
        else:
            choice = st.dictionaries(st.sampled_from(ids), st.integers(1, 5), min_size=1,
                                     max_size=n_projects)
        ballots = [Ballot(b) for b in data.draw(st.lists(choice, min_size=2, max_size=30))]
        assert_fast_matches_reference(Election(budget=budget, vote_type=vote_type,
                                               ballots=ballots,
                                               projects=[Project(i, c) for i, c in zip(ids, costs)]))

    check()


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Czestochowa_2020_Grabowka.pb",
                                  "Poland_Swiecie_2023.pb"])
def test_fast_add1_on_real_files(name, elections):
    assert_fast_matches_reference(elections(name))
