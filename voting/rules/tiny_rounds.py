"""What the two MES engines for tiny elections share: the points check, the round loop and
the explanations. :mod:`voting.rules.tiny` (merged ballots) and
:mod:`voting.rules.tiny_classes` (budget classes) differ only in how budgets are held,
priced and paid.

Budgets are integers over one common denominator ``den``. A project's price per point is
``U / (den x R)`` (``R`` its rich supporters' points, ``U`` what they still owe x den), and
``rho = U / (den x R x cost)`` is compared by cross-multiplication, ties to the lower index
(id first as a string). ``rho`` only grows during a run, so projects are tried by their last
``rho`` (a float, correctly rounded) and a round stops at the first that is surely above the
best.
"""
from __future__ import annotations

from fractions import Fraction
from math import gcd

from voting.election import Outcome

_SURE = 1 + 1e-9  # floats of exact ratios are correctly rounded: this margin is ample


def integer_points(sup, pts) -> bool:
    """Whether every project's points are integers (else the general path scales them);
    supporters giving no positive points are dropped in place (no utility, no part in MES)."""
    for j, p in enumerate(pts):
        if sum(p).__class__ is not int:
            return False
        if p and min(p) <= 0:
            keep = [i for i, x in enumerate(p) if x > 0]
            sup[j], pts[j] = [sup[j][i] for i in keep], [p[i] for i in keep]
    return True


def buy_in_rounds(cost, candidates, den, first, price, pay, lower=None):
    """Buy projects round by round; ([(project, price numerator, price denominator)], the
    final denominator).

    ``first``: (U, R) or None of projects whose first-round price needs no look at voters;
    ``price(j, den)``: (U, R) of j now, or None if it is unaffordable;
    ``pay(j, up, step)``: multiply every budget numerator by ``up`` (the new denominator over
    the old), then charge j's supporters ``step`` per point (all they have, if less);
    ``lower``: each candidate's rho when last priced earlier in this run, if it was.
    """
    remaining = list(candidates)
    lower = dict.fromkeys(remaining, 0.0) if lower is None else dict(lower)
    bought = []
    while remaining:
        remaining.sort(key=lower.__getitem__)
        best = None  # (U, R x cost, j, U, R)
        best_f = float("inf")
        for j in list(remaining):
            if lower[j] > best_f * _SURE:
                break  # rho only grows: this one and all after it are surely above the best
            if first is not None and j in first:
                found = first[j]  # every budget is the same: no need to look at voters
            else:
                found = price(j, den)
            if found is None:
                remaining.remove(j)  # unaffordable now, hence for ever
                continue
            u, r = found
            rc = r * cost[j]
            lower[j] = u / (den * rc)
            if best is None or u * best[1] < best[0] * rc or (u * best[1] == best[0] * rc
                                                              and j < best[2]):
                best = (u, rc, j, u, r)
                best_f = lower[j]
        first = None
        if best is None:
            break
        j, u, r = best[2], best[3], best[4]
        remaining.remove(j)
        # price per point u / (den r), in lowest terms, and budgets over a common denominator
        g = gcd(u, den * r)
        pn, pd = u // g, den * r // g
        new_den = den * pd // gcd(den, pd)
        pay(j, new_den // den, pn * (new_den // pd))
        den = new_den
        bought.append((j, pn, pd))
    return bought, den


def explained_outcome(ids, cost, budget, n, bought, den, sup, held) -> Outcome:
    """The Outcome with the explanations :func:`voting.rules.equal_shares._explain` gives;
    ``held(j)``: what j's supporters (``sup[j]``) hold at the end, a numerator over ``den``."""
    g = gcd(budget, n)
    beta = budget // n if n == g else Fraction(budget // g, n // g)
    done = {j: (r, pn, pd) for r, (j, pn, pd) in enumerate(bought, start=1)}
    out = {}
    for j, pid in enumerate(ids):
        c = cost[j]
        if j in done:
            r, pn, pd = done[j]
            out[pid] = {"code": "mes_selected", "round": r,
                        "price_per_point": pn if pd == 1 else Fraction(pn, pd),
                        "voter_budget": beta, "cost": c}
        elif c > 0 and sup[j]:
            out[pid] = {"code": "mes_unaffordable", "cost": c,
                        "supporters_budget": round(held(j) / den, 2)}
        else:
            out[pid] = {"code": "mes_no_support", "cost": c}
    return Outcome("mes", [ids[j] for j, _, _ in bought], sum(cost[j] for j, _, _ in bought), out)
