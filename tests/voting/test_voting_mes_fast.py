"""The numpy MES engine on elections big enough for its shortcuts, against plain Python.

:mod:`voting.rules.mes_core` decides in floats with error bounds and computes exactly only
what it must: it groups supporters by counting or by sorting, sums per budget class or per
voter, finds prices by a fixed point or by sorting, and skips exact arithmetic for groups
surely poorer than the price. Every branch must buy what :mod:`voting.rules.small` buys
(integers throughout), at the same prices, leaving the same money; each branch is forced
in turn. Elections here have hundreds of voters drawn from few ballot patterns with many
ties, so that budget classes multiply over the rounds.
"""
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voting import Ballot, Election, Project
from voting.rules import mes_core, mes_prices
from voting.rules.mes_core import EqualShares
from voting.rules.profile import compile_election
from voting.rules.small import SmallEqualShares, compile_small

BRANCHES = {  # (module, constant): value
    "default": {},
    "sorting": {(mes_core, "COUNT_SPAN"): 0, (mes_core, "CLASS_SHARE"): 0.0,
                (mes_prices, "FIXED_POINT_PASSES"): 0},
    "counting": {(mes_core, "COUNT_SPAN"): 10**9, (mes_core, "CLASS_SHARE"): 10.0**9,
                 (mes_prices, "FIXED_POINT_PASSES"): 1000},
    "one_pass": {(mes_prices, "FIXED_POINT_PASSES"): 1},
}


@st.composite
def crowded_elections(draw):
    """Up to ~600 voters from a handful of patterns, plus a few odd ballots; ties galore."""
    vote_type = draw(st.sampled_from(["approval", "cumulative"]))
    m = draw(st.integers(2, 9))
    ids = [f"p{i}" for i in range(m)]
    costs = draw(st.lists(st.sampled_from([30, 45, 60, 90, 120, 300]), min_size=m, max_size=m))
    if vote_type == "approval":
        choice = st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=m)
    else:
        choice = st.dictionaries(st.sampled_from(ids), st.integers(1, 4), min_size=1, max_size=m)
    patterns = draw(st.lists(st.tuples(choice, st.integers(1, 80)), min_size=1, max_size=8))
    odd = draw(st.lists(choice, max_size=25))
    ballots = [Ballot(c) for c, copies in patterns for _ in range(copies)] + [Ballot(c) for c in odd]
    budget = draw(st.integers(max(1, min(costs)), sum(costs)))
    return Election(budget=budget, vote_type=vote_type, ballots=ballots,
                    projects=[Project(i, c) for i, c in zip(ids, costs)])


def runs(mes, election, raises):
    """Purchases (project, round, price) and what every unbought candidate's supporters
    hold, at the real voter budget and a few raised ones."""
    c = mes.c
    out = []
    for k in raises:
        purchases, state = mes.run(Fraction(c.budget, c.n_voters) + k)
        bought = {p.project for p in purchases}
        out.append(([(p.project, p.round, p.price) for p in purchases],
                    {j: state.held(j) for j in mes.candidates if j not in bought}))
    return out


@pytest.mark.parametrize("branch", list(BRANCHES))
def test_numpy_engine_matches_plain_python_on_crowded_elections(branch, monkeypatch):
    for (module, name), value in BRANCHES[branch].items():
        monkeypatch.setattr(module, name, value)

    @settings(max_examples=120, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(crowded_elections())
    def check(election):
        raises = (0, 1, 3)
        plain = SmallEqualShares(compile_small(election, limit=10**9))
        assert runs(EqualShares(compile_election(election)), election, raises) == \
            runs(plain, election, raises)

    check()


def test_float_budgets_stay_within_their_error_bound():
    """Plain runs keep class budgets in floats off by at most ``err`` (what every float
    decision allows for); tracked runs keep them correctly rounded."""
    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(crowded_elections())
    def check(election):
        mes = EqualShares(compile_election(election))
        _, state = mes.run(Fraction(mes.c.budget, mes.c.n_voters) + 2)
        for k, value in enumerate(state.valuef):
            exact = Fraction(int(state.num[k]), state.den[state.made[k]])
            assert abs(Fraction(float(value)) - exact) <= Fraction(state.err) + exact * Fraction(2.0**-53)

    check()
