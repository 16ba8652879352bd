"""The lean paths for small elections give the general path's outcome.

:mod:`voting.rules.tiny` (merged ballots, budget per voter) and
:mod:`voting.rules.tiny_classes` (ballots one by one, budget per class), each forced in turn.

Same purchases, same spent money, same explanations (rounds, exact prices, what the
supporters of an unaffordable project still hold), on random elections with many ties and on
the real files; and it declines what it does not handle, leaving it to the general path.
"""
import os
import random
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


def wide_election(rng: random.Random) -> Election:
    """Up to a few hundred ballots and a dozen projects, often with awkward costs (prices
    with big denominators, many rounds) or numbers past 63 bits, where the compiled rounds
    stop and hand over to Python."""
    vote_type = rng.choice(["approval", "cumulative"])
    ids = sorted({str(rng.randint(0, 40)) for _ in range(rng.randint(1, 12))})
    top = rng.choice([12, 2**20, 2**45, 2**55, 2**70])
    costs = [rng.choice([0, 1, 3, rng.randint(1, top)]) for _ in ids]
    points = [1, 1, 2, 3, 10] + ([0, 10**10] if rng.random() < 0.3 else [])
    ballots = []
    for _ in range(rng.choice([1, 5, 40, 300])):
        chosen = rng.sample(ids, rng.randint(0, len(ids)))
        ballots.append(Ballot(chosen) if vote_type == "approval"
                       else Ballot({c: rng.choice(points) for c in chosen}))
    return Election(budget=rng.randint(1, max(1, sum(costs))), vote_type=vote_type,
                    ballots=ballots, projects=[Project(i, c) for i, c in zip(ids, costs)])


def compiled_kernel():
    """The compiled rounds; CI must have built them, elsewhere a missing compiler skips."""
    if tiny_classes.KERNEL is None:
        assert os.environ.get("CI") != "true", "CI must build voting/rules/_mes_kernel.c"
        pytest.skip("the compiled kernel was not built (no C compiler at install)")
    return tiny_classes.KERNEL


def test_the_compiled_rounds_decide_as_the_python_ones(monkeypatch):
    monkeypatch.setattr(tiny, "CLASS_BALLOTS", -1)
    kernel = compiled_kernel()
    answers = {"all rounds": 0, "handed over": 0, "declined": 0}

    class Counting:
        supporters = staticmethod(kernel.supporters)

        @staticmethod
        def run(*args):
            found = kernel.run(*args)
            answers["declined" if found is None else "handed over" if found[3]
                    else "all rounds"] += 1
            return found

    rng = random.Random(2026)
    for _ in range(400):
        election = wide_election(rng)
        monkeypatch.setattr(tiny_classes, "KERNEL", Counting)
        compiled = tiny_mes(election)
        monkeypatch.setattr(tiny_classes, "KERNEL", None)
        assert same(compiled, tiny_mes(election))
    # every path was taken: rounds all in C, rounds handed to Python midway, and refusals
    assert min(answers.values()) > 0 and answers["all rounds"] > 100, answers


def test_the_compiled_rounds_answer_and_hand_over_past_63_bits():
    kernel = compiled_kernel()
    assert kernel.run(5, 1, 2, [2], [0], [[0, 1]], None) == ([(0, 1, 1)], [4, 4], 1, [])
    assert kernel.run(2**64, 1, 1, [1], [0], [[0]], None) is None  # past 63 bits at once
    assert kernel.run(5, 1, 2, [2], [0], [[0, 0]], None) is None  # a voter named twice
    # three purchases fit in 63 bits, the fourth project's price would not: Python goes on
    cost = [29805445797945473, 36019115150272411, 23568276066507376, 17942400701928796]
    sup = [[1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 5], [2, 4], [1, 2, 3, 4, 6]]
    budget = 102451779067637205
    bought, _, den, left = kernel.run(budget, 7, 7, cost, [0, 1, 2, 3], sup, None)
    assert [j for j, _, _ in bought] == [0, 1, 3] and den == 420 and [j for j, _ in left] == [2]
    ids = ["a", "b", "c", "d"]
    election = Election(budget=budget, projects=[Project(i, c) for i, c in zip(ids, cost)],
                        ballots=[Ballot([i for i, s in zip(ids, sup) if v in s])
                                 for v in range(7)])
    outcome = compute(election, "mes")
    assert sorted(outcome.selected) == ["a", "b", "d"]
    assert same(outcome, general(election, "plain"))


def test_the_compiled_reading_lists_supporters_or_refuses():
    kernel = compiled_kernel()
    index = {"a": 0, "b": 1}
    assert kernel.supporters([("a", "b"), ("b",), ()], index, False) == ([[0], [0, 1]], None)
    # zero or negative points give no utility: not a supporter; big ints are kept as they are
    assert kernel.supporters([{"a": 3, "b": 0}, {"b": -1}, {"a": 2**80}], index, True) == (
        [[0, 2], []], [[3, 2**80], []])
    class Id(str):  # a str subclass may run Python code while it is looked up
        pass

    for choices, points in [([("a", "c")], False), ([{"a": Fraction(3, 2)}], True),
                            ([{Id("a"): 1}], True), ([(Id("a"),)], False),
                            ([{"a": True}], True), ([["a"]], False), ([("a",)], True)]:
        assert kernel.supporters(choices, index, points) is None  # Python says what is wrong


def test_fractional_points_on_a_project_nobody_can_afford_change_nothing(lean):
    # its points are never read: the lean path answers, as the general path does
    election = Election(budget=10, vote_type="cumulative",
                        projects=[Project("a", 4), Project("z", 1000)],
                        ballots=[Ballot({"a": 1, "z": "0.5"}), Ballot({"a": 2, "z": 0}),
                                 Ballot({"z": "1.5"})])
    outcome = tiny_mes(election)
    if lean == "merged":
        assert outcome is None  # merged ballots read every point
    else:
        assert outcome.selected == ["a"] and same(outcome, general(election, "numpy"))
        assert outcome.explanations["z"]["code"] == "mes_unaffordable"
