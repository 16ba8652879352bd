"""The lean paths for small elections give the general path's outcome.

:mod:`voting.rules.tiny` (merged ballots, budget per voter) and
:mod:`voting.rules.tiny_classes` (ballots one by one, budget per class), each forced in turn.

Same purchases, same spent money, same explanations (rounds, exact prices, what the
supporters of an unaffordable project still hold), on random elections with many ties and on
the real files; and it declines what it does not handle, leaving it to the general path.
"""
import os
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PB_FILES
from voting import Ballot, Election, Project
from voting.rules import compute
from voting.rules.equal_shares import _explain, _outcome
from voting.rules.mes_core import EqualShares
from voting.rules.profile import compile_election
from voting.rules.small import SmallEqualShares, compile_small
from voting.rules import tiny, tiny_classes
from voting.rules.tiny import tiny_mes

from test_voting_rules_live import pabutools_selection


def general(election: Election, engine: str):
    """``mes`` by the plain-Python or the numpy engine, as equal_shares ran it before."""
    if engine == "plain":
        c = compile_small(election, limit=10**9)
        mes = SmallEqualShares(c)
    else:
        c = compile_election(election)
        mes = EqualShares(c)
    beta = Fraction(c.budget, c.n_voters)
    purchases, state = mes.run(beta)
    return _outcome("mes", c, [p.project for p in purchases], _explain(mes, beta, purchases, state))


def same(a, b) -> bool:
    """Equal outcomes, down to the type of every number (an int stays an int)."""
    def typed(o):
        return (o.selected, o.spent, type(o.spent),
                {k: {n: (v, type(v)) for n, v in e.items()} for k, e in o.explanations.items()})
    return typed(a) == typed(b)


@st.composite
def tied_elections(draw):
    """Tiny elections with many ties: few distinct costs, points and ballots, short ids."""
    vote_type = draw(st.sampled_from(["approval", "cumulative", "scoring", "choose-1"]))
    ids = draw(st.lists(st.text("ab12", min_size=1, max_size=2), min_size=1, max_size=7,
                        unique=True))
    costs = draw(st.lists(st.sampled_from([0, 2, 3, 6, 12]), min_size=len(ids),
                          max_size=len(ids)))
    budget = draw(st.integers(1, max(1, sum(costs))))
    if vote_type in ("cumulative", "scoring"):
        choice = st.dictionaries(st.sampled_from(ids), st.integers(0, 3), max_size=len(ids))
    elif vote_type == "choose-1":
        choice = st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=1)
    else:
        choice = st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    weights = st.integers(1, 3) if draw(st.booleans()) else st.just(1)
    ballots = [Ballot(c, weight=w) for c, w in draw(st.lists(st.tuples(choice, weights),
                                                               min_size=1, max_size=14))]
    return Election(budget=budget, vote_type=vote_type, ballots=ballots,
                    projects=[Project(i, c) for i, c in zip(ids, costs)])


@pytest.fixture(params=["merged", "classes", "classes in C"])
def lean(request, monkeypatch):
    """Which lean engine runs: per merged ballot, or per budget class (all ballots), with
    the rounds in Python or in the compiled kernel."""
    monkeypatch.setattr(tiny, "CLASS_BALLOTS", 10**9 if request.param == "merged" else -1)
    if request.param == "classes in C":
        if tiny_classes.KERNEL is None:
            assert os.environ.get("CI") != "true", "CI must build voting/rules/_mes_kernel.c"
            pytest.skip("the compiled kernel was not built (no C compiler at install)")
    else:
        monkeypatch.setattr(tiny_classes, "KERNEL", None)
    return request.param


def test_tiny_equals_both_engines_on_random_elections(lean):
    @settings(max_examples=600, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(tied_elections())
    def check(election):
        lean_outcome = tiny_mes(election)
        assert lean_outcome is not None
        assert same(lean_outcome, general(election, "plain"))
        assert same(lean_outcome, general(election, "numpy"))

    check()


def test_tiny_matches_pabutools_on_random_elections(lean):
    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(tied_elections())
    def check(election):
        if election.vote_type in ("approval", "cumulative"):
            assert sorted(tiny_mes(election).selected) == pabutools_selection(election, "mes")

    check()


@pytest.mark.parametrize("name", PB_FILES[:6])
def test_tiny_equals_the_general_path_on_real_files(name, elections, lean):
    election = elections(name)
    lean_outcome = tiny_mes(election)
    if election.vote_type == "ordinal" or len(election.ballots) > tiny.CLASS_LIMIT:
        assert lean_outcome is None
    else:
        assert lean_outcome is not None and same(lean_outcome, general(election, "plain"))


@pytest.mark.parametrize("election", [
    Election(budget="10.5", projects=[Project("a", 3)], ballots=[Ballot(["a"])]),
    Election(budget=10, projects=[Project("a", "2.5")], ballots=[Ballot(["a"])]),
    Election(budget=10, vote_type="cumulative", projects=[Project("a", 3)],
             ballots=[Ballot({"a": "1.5"})]),
    Election(budget=10, vote_type="ordinal", projects=[Project("a", 3)], ballots=[Ballot(["a"])]),
    Election(budget=10, projects=[Project("a", 3)], ballots=[]),
])
def test_tiny_declines_what_the_general_path_handles(election):
    assert tiny_mes(election) is None
    compute(election, "mes")  # and the general path answers


def test_unknown_projects_and_shared_ids_still_raise():
    with pytest.raises(ValueError, match="unknown project"):
        compute(Election(budget=5, projects=[Project("a", 3)], ballots=[Ballot(["b"])]), "mes")
    with pytest.raises(ValueError, match="share an id"):
        compute(Election(budget=5, projects=[Project("a", 3), Project("a", 2)],
                         ballots=[Ballot(["a"])]), "mes")


def test_a_project_named_twice_on_a_ballot_is_counted_as_the_merged_engine_does(monkeypatch):
    # validation refuses such a ballot, but an Election built by hand may hold one: budget
    # classes then decline (a voter would pay twice) instead of failing
    election = Election(budget=12, projects=[Project("a", 6), Project("b", 6)],
                        ballots=[Ballot(["a", "a"]), Ballot(["a"]), Ballot(["b"])])
    outcome = compute(election, "mes")
    monkeypatch.setattr(tiny, "CLASS_BALLOTS", 10**9)  # merged ballots
    assert same(outcome, compute(election, "mes"))


@st.composite
def wide_elections(draw):
    """Up to a few hundred ballots, sometimes with money or points past 63 bits in the
    rounds, where the compiled kernel hands over to Python."""
    vote_type = draw(st.sampled_from(["approval", "cumulative"]))
    ids = draw(st.lists(st.text("ab12", min_size=1, max_size=2), min_size=1, max_size=9,
                        unique=True))
    scale = draw(st.sampled_from([1, 1, 10**9, 10**15]))
    costs = [c * scale for c in draw(st.lists(st.sampled_from([0, 1, 3, 7, 100, 1234]),
                                              min_size=len(ids), max_size=len(ids)))]
    budget = draw(st.integers(1, max(1, sum(costs))))
    points = st.sampled_from([0, 1, 2, 3, 10, 10**10])
    n = draw(st.sampled_from([1, 5, 40, 300]))
    rows = draw(st.lists(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)),
                         min_size=n, max_size=n))
    if vote_type == "approval":
        ballots = [Ballot(r) for r in rows]
    else:
        ballots = [Ballot({c: draw(points) for c in r}) for r in rows]
    return Election(budget=budget, vote_type=vote_type, ballots=ballots,
                    projects=[Project(i, c) for i, c in zip(ids, costs)])


@pytest.mark.skipif(tiny_classes.KERNEL is None and os.environ.get("CI") != "true",
                    reason="the compiled kernel was not built (no C compiler at install)")
def test_the_compiled_rounds_decide_as_the_python_ones(monkeypatch):
    monkeypatch.setattr(tiny, "CLASS_BALLOTS", -1)
    kernel = tiny_classes.KERNEL
    assert kernel is not None, "CI must build voting/rules/_mes_kernel.c"

    @settings(max_examples=300, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(wide_elections())
    def check(election):
        monkeypatch.setattr(tiny_classes, "KERNEL", kernel)
        compiled = tiny_mes(election)
        monkeypatch.setattr(tiny_classes, "KERNEL", None)
        assert same(compiled, tiny_mes(election))

    check()


def test_the_compiled_rounds_hand_numbers_past_63_bits_to_python():
    kernel = tiny_classes.KERNEL
    if kernel is None:
        assert os.environ.get("CI") != "true", "CI must build voting/rules/_mes_kernel.c"
        pytest.skip("the compiled kernel was not built (no C compiler at install)")
    # each voter holds 2**62; the first price, 3 x 2**62 over 2 points, leaves 63 bits
    assert kernel.run(2**62, 1, 2, [3 * 2**62], [0], [[0, 1]], None) is None
    assert kernel.run(2**64, 1, 1, [1], [0], [[0]], None) is None
    assert kernel.run(5, 1, 2, [2], [0], [[0, 0]], None) is None  # a voter named twice
    election = Election(budget=2**70, projects=[Project("a", 2**69), Project("b", 2**69 + 1)],
                        ballots=[Ballot(["a", "b"]), Ballot(["a"]), Ballot(["b"])])
    outcome = compute(election, "mes")
    assert outcome.selected == ["a"] and same(outcome, general(election, "plain"))
