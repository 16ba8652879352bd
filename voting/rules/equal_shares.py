"""The Method of Equal Shares (MES) and its Add1 completion, as Pabulib and pabutools run them.

* :func:`equal_shares` (``mes``): every voter gets budget / voters; projects are bought in
  rounds by the lowest price per unit of utility that their supporters can share (see
  :mod:`voting.rules.mes_core`). Utilities are cost x points.
* :func:`equal_shares_add1` (``mes_add1``): MES is re-run with every voter's budget raised by
  one currency unit at a time, as long as the outcome still fits the real budget; the last
  outcome that fitted is the answer. This is pabutools' ``exhaustion_by_budget_increase``
  with ``budget_step = number of voters`` and ``exhaustive_stop=False`` (Pabulib's
  "equalshares/add1"), including its bound: at most ``budget`` raises.
* :func:`equal_shares_add1_greedy` (``mes_add1_greedy``): ``mes_add1``, then what is left is
  spent greedily by votes (pabutools' ``completion_by_rule_combination``).

Ties go to the project whose id sorts first as a string. All money arithmetic is exact.

Explanation codes (money in currency units):
``mes_selected``: ``round``, ``price_per_point`` (for approval: what each supporter paid),
``voter_budget`` (each voter's starting budget in the run that counted);
``mes_unaffordable``: ``supporters_budget`` (what its supporters still held at the end)
and ``cost``; ``mes_no_support``: nobody gives it positive utility (or it is free).
Greedy completion steps are explained by :mod:`voting.rules.greedy` with ``step``.
"""
from __future__ import annotations

import math
import warnings
from fractions import Fraction

from voting.election import Election, Outcome
from voting.rules.greedy import complete_greedy
from voting.rules.mes_core import EqualShares, Purchase
from voting.rules.mes_sensitivity import Sensitivity
from voting.rules.profile import Compiled, compile_election
from voting.rules.small import SmallEqualShares, compile_small
from voting.rules.tiny import tiny_mes


def _explain(mes: EqualShares, beta: Fraction, purchases: list[Purchase], state) -> dict:
    """Explanation per project id for a MES run."""
    c = mes.c
    out: dict = {}
    bought = {p.project: p for p in purchases}
    candidates = set(mes.candidates)
    plain = c.money_scale == 1 and c.points_scale == 1  # skip scaling (small elections)
    voter_budget = c.money(beta)
    for j, pid in enumerate(c.ids):
        cost = c.money(c.cost[j])
        if j in bought:
            p = bought[j]
            price = p.price if plain else p.price * c.points_scale
            out[pid] = {"code": "mes_selected", "round": p.round,
                        "price_per_point": price.numerator if price.denominator == 1 and plain
                        else c.money(price),
                        "voter_budget": voter_budget, "cost": cost}
        elif j in candidates and state is not None:
            held = state.held(j)
            out[pid] = {"code": "mes_unaffordable", "cost": cost,
                        "supporters_budget": round(held.numerator / (held.denominator * c.money_scale), 2)}
        else:
            out[pid] = {"code": "mes_no_support", "cost": cost}
    return out


def _outcome(rule: str, c: Compiled, chosen: list[int], explanations: dict) -> Outcome:
    """Outcome in currency units."""
    return Outcome(rule, [c.ids[j] for j in chosen], c.money(sum(c.cost[j] for j in chosen)),
                   explanations)


def equal_shares(election: Election) -> Outcome:
    """MES at the real budget (lean ints for tiny elections, plain Python for small ones,
    numpy otherwise)."""
    outcome = tiny_mes(election)
    if outcome is not None:
        return outcome
    small = compile_small(election)
    c = small if small is not None else compile_election(election)
    mes = SmallEqualShares(c) if small is not None else EqualShares(c)
    if c.n_voters == 0:
        return _outcome("mes", c, [], _explain(mes, Fraction(0), [], None))
    beta = Fraction(c.budget, c.n_voters)
    purchases, state = mes.run(beta)
    return _outcome("mes", c, [p.project for p in purchases], _explain(mes, beta, purchases, state))


def add1_reference(mes: EqualShares):
    """The Add1 run that counts: (voter budget, purchases, state), or None if none fitted.

    The definition, one MES run per unit (slow; kept to test :func:`add1` against): runs MES
    with voter budget budget/n + k for k = 0, 1, ... and returns the last run whose outcome
    costs at most the budget, stopping at the first that does not, or after k = budget
    (pabutools' default ``budget_bound``).
    """
    c = mes.c
    if c.n_voters == 0:
        return None
    base = Fraction(c.budget, c.n_voters)
    last = None
    k = 0
    while k * c.money_scale <= c.budget:  # k <= budget in currency units
        beta = base + k * c.money_scale
        purchases, state = mes.run(beta, stop_above=c.budget)
        if sum(c.cost[p.project] for p in purchases) > c.budget:
            return last
        last = (beta, purchases, state)
        k += 1
    return last


def add1(mes: EqualShares, start: int = 0, plain=None):
    """What :func:`add1_reference` returns, without a MES run per unit.

    Each run also yields a growth of the voter budget below which its purchases cannot
    change (:mod:`voting.rules.mes_sensitivity`); every unit step below it would give the
    same, fitting outcome, so the next run is at the first unit step that might not. When
    the first run that does not fit (or the bound k = budget) is reached, the run just
    before it is made again so that prices and budgets are those of that very run.
    ``plain`` (a :class:`~voting.rules.small.SmallEqualShares` of the same election, for
    small ones) makes the runs that are not tracked; it decides exactly as ``mes`` does.
    Time: about one MES run per change of the purchases (a few times more where the bounds
    are loose), against one per unit for the definition. A tracked run costs 2-10 plain
    ones, so it is tried only after two runs in a row bought the same as the run before.
    """
    c = mes.c
    plain = plain or mes
    if c.n_voters == 0:
        return None
    base = Fraction(c.budget, c.n_voters)
    unit = c.money_scale
    limit = c.budget // unit  # k <= budget in currency units
    last, last_k, k = None, -1, start
    target = 16  # units of growth the next run tries to prove safe; adapts to what it finds
    pause, backoff = 0, 1  # after a tracked run that proved nothing, run plainly a while
    calm, need = 0, 2  # runs in a row that bought what the one before did; needed to track
    previous = None
    while k <= limit:
        tracker = None
        if pause <= 0 and calm >= need:
            tracker = Sensitivity(mes, min(target, limit - k + 1) * unit, floor=unit)
        if tracker is not None:
            purchases, state = mes.run(base + k * unit, stop_above=c.budget, tracker=tracker)
        else:
            purchases, state = plain.run(base + k * unit, stop_above=c.budget)
        if sum(c.cost[p.project] for p in purchases) > c.budget:
            break
        last, last_k = (base + k * unit, purchases, state), k
        bought = [p.project for p in purchases]
        calm, previous = (calm + 1 if bought == previous else 0), bought
        step = 1
        pause -= 1
        if tracker is not None:
            # unit steps j with j x unit < bound give the same purchases; the next may not
            step = max(1, math.ceil(tracker.bound * (1 - 1e-12) / unit))
            target = 4 * target if tracker.bound >= target * unit * 0.999 else max(2, 4 * step)
            # a tracked run costs 2-10 plain ones: after one that proved nothing, track
            # again only after a pause (4 times longer after each failure in a row) and a
            # longer calm (where purchases change at nearly every unit, as on big elections
            # with near ties, tracking can prove nothing)
            if step > 1:
                pause, backoff, need = 0, 1, 2
            else:
                pause, backoff, need = backoff - 1, min(4 * backoff, 64), need + 1
        k += step
    final = min(k, limit + 1) - 1
    if last is None or final == last_k:
        return last
    beta = base + final * unit
    purchases, state = plain.run(beta, stop_above=c.budget)
    if [p.project for p in purchases] != [p.project for p in last[1]]:
        warnings.warn(f"Add1 skipped a change between k={last_k} and k={final}: "
                      "falling back to one run per unit", RuntimeWarning, stacklevel=2)
        return _add1_units_from(plain, last_k, last)
    return beta, purchases, state


def _add1_units_from(mes, k: int, last):
    """Add1 by single units from the fitting run at unit k (a safety net, never expected)."""
    c = mes.c
    base = Fraction(c.budget, c.n_voters)
    while (k + 1) * c.money_scale <= c.budget:
        k += 1
        purchases, state = mes.run(base + k * c.money_scale, stop_above=c.budget)
        if sum(c.cost[p.project] for p in purchases) > c.budget:
            return last
        last = (base + k * c.money_scale, purchases, state)
    return last


def _add1_of(election: Election):
    """(compiled election, engine for explanations, Add1 result) with the fastest engines."""
    c = compile_election(election)
    mes = EqualShares(c)
    small = compile_small(election)
    plain = SmallEqualShares(small) if small is not None else None
    return c, mes, add1(mes, plain=plain)


def equal_shares_add1(election: Election) -> Outcome:
    """MES with Add1 completion (Pabulib's "equalshares/add1")."""
    c, mes, found = _add1_of(election)
    if found is None:
        return _outcome("mes_add1", c, [], _explain(mes, Fraction(0), [], None))
    beta, purchases, state = found
    return _outcome("mes_add1", c, [p.project for p in purchases],
                    _explain(mes, beta, purchases, state))


def equal_shares_add1_greedy(election: Election) -> Outcome:
    """``mes_add1``, then greedy by votes on the money left (equalshares.net's "Add1U")."""
    c, mes, found = _add1_of(election)
    if found is None:
        chosen, explanations = [], _explain(mes, Fraction(0), [], None)
    else:
        beta, purchases, state = found
        chosen = [p.project for p in purchases]
        explanations = _explain(mes, beta, purchases, state)
    chosen = complete_greedy(c, chosen, explanations, "completion")
    return _outcome("mes_add1_greedy", c, chosen, explanations)
