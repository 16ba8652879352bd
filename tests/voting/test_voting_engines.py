"""The plain-Python path for small elections decides exactly as the numpy path.

Small elections (the common case in tests and in most cities) run MES and greedy in plain
Python (:mod:`voting.rules.small`); bigger ones use numpy (:mod:`voting.rules.mes_core`).
Both must buy the same projects, in the same rounds, at the same exact prices.
"""
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PB_FILES
from voting import Ballot, Election, Project
from voting.rules.mes_core import EqualShares
from voting.rules.profile import compile_election
from voting.rules.small import SmallEqualShares, compile_scores, compile_small


def both_runs(election: Election):
    """(plain, numpy) MES runs at the real budget: [(project, round, price)] and held money."""
    small = compile_small(election, limit=10**9)
    c = compile_election(election)
    runs = []
    for mes in (SmallEqualShares(small), EqualShares(c)):
        if c.n_voters == 0:
            return None, None
        purchases, state = mes.run(Fraction(c.budget, c.n_voters))
        bought = {p.project for p in purchases}
        runs.append(([(p.project, p.round, p.price) for p in purchases],
                     {j: state.held(j) for j in mes.candidates if j not in bought}))
    return runs


@st.composite
def random_elections(draw):
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal"]))
    ids = draw(st.lists(st.text("ab12", min_size=1, max_size=2), min_size=1, max_size=7,
                        unique=True))
    costs = draw(st.lists(st.integers(0, 40), min_size=len(ids), max_size=len(ids)))
    budget = draw(st.integers(1, max(1, sum(costs))))
    if vote_type == "cumulative":
        choice = st.dictionaries(st.sampled_from(ids), st.integers(0, 4), max_size=len(ids))
    else:
        choice = st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    ballots = [Ballot(b, weight=w) for b, w in draw(st.lists(
        st.tuples(choice, st.integers(1, 3)), min_size=1, max_size=12))]
    max_length = draw(st.integers(1, len(ids))) if vote_type == "ordinal" else None
    return Election(budget=budget, vote_type=vote_type, ballots=ballots, max_length=max_length,
                    projects=[Project(i, c) for i, c in zip(ids, costs)])


def test_plain_and_numpy_mes_agree_on_random_elections():
    @settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(random_elections())
    def check(election):
        plain, vectorised = both_runs(election)
        assert plain == vectorised
        assert compile_scores(election).score == compile_election(election).score

    check()


@pytest.mark.parametrize("name", PB_FILES)
def test_plain_and_numpy_agree_on_real_files(name, elections):
    election = elections(name)
    assert compile_scores(election).score == compile_election(election).score
    if name in PB_FILES[:5]:
        plain, vectorised = both_runs(election)
        assert plain == vectorised


def test_fractional_money_takes_the_numpy_path():
    election = Election(budget="10.5", projects=[Project("a", 3)], ballots=[Ballot(["a"])])
    assert compile_small(election) is None and compile_scores(election) is None
