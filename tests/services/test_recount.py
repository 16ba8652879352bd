"""Independent recount: export a published cycle, recount the file with pabutools, same selection."""
from __future__ import annotations

import random

import pytest

from services import results
from services.exports import export_pb, sha256
from tests import factories as f
from tests.ballot_rows import vote

pabutools = pytest.importorskip("pabutools")


def pabutools_outcome(text: str, rule: str, tmp_path) -> list[str]:
    """The selection pabutools computes, as /work/shared/pabulib/reference_rules.py does."""
    from pabutools.election import (AdditiveSatisfaction, Cost_Sat, parse_pabulib)
    from pabutools.rules import (completion_by_rule_combination, exhaustion_by_budget_increase,
                                 greedy_utilitarian_welfare, method_of_equal_shares)

    path = tmp_path / "export.pb"
    path.write_text(text, encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    profile = profile.as_multiprofile()
    if instance.meta["vote_type"] == "approval":
        sat = Cost_Sat
    else:
        class sat(AdditiveSatisfaction):  # cost x points, as reference_rules.cost_points_sat
            def __init__(self, inst, prof, ballot):
                super().__init__(inst, prof, ballot,
                                 lambda i, pr, b, p, pre: p.cost * b.get(p, 0))
    n = profile.num_ballots()

    def add1():
        return {"rule": method_of_equal_shares, "rule_params": {"sat_class": sat},
                "budget_step": n, "exhaustive_stop": False}

    outcome = {
        "greedy": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=sat),
        "mes": lambda: method_of_equal_shares(instance, profile, sat_class=sat),
        "mes_add1": lambda: exhaustion_by_budget_increase(instance, profile, **add1()),
        "mes_add1_greedy": lambda: completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [add1(), {"sat_class": sat}]),
    }[rule]()
    return sorted(p.name for p in outcome)


@pytest.mark.parametrize("method", ["knapsack", "cumulative"])
@pytest.mark.parametrize("rule", ["greedy", "mes", "mes_add1", "mes_add1_greedy"])
def test_published_selection_is_recounted_by_pabutools(session, tmp_path, rule, method):
    rng = random.Random(f"{rule}-{method}")
    # Small money: Add1 raises every share by one unit per round, so rounds scale with the budget.
    budget = f.budget(session, amount=1_000, rule=rule, method=method,
                      max_points=5 if method == "cumulative" else None)
    env = f.envelope(session, budget)
    projects = [f.project(session, budget, env, cost=rng.randrange(50, 500)) for _ in range(9)]
    popular = projects[:4]
    for _ in range(60):
        chosen = rng.sample(popular, rng.randint(1, 2)) + rng.sample(projects, rng.randint(0, 3))
        chosen = list(dict.fromkeys(chosen))
        if method == "cumulative":
            vote(session, budget, env, f.user(session), {p: rng.randint(1, 3) for p in chosen})
        else:
            vote(session, budget, env, f.user(session), chosen)
    admin = f.user(session, role="admin")
    session.commit()
    results.close_voting(session, admin, budget.id)
    snapshot = results.publish(session, admin, budget.id, fresh_login=True)

    _name, text = export_pb(session, budget)
    assert sha256(text) == snapshot.pb_sha256
    assert pabutools_outcome(text, rule, tmp_path) == sorted(snapshot.selected)
    assert 0 < len(snapshot.selected) < len(projects)
