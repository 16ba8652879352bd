"""The round loop of MES on tiny elections, shared by :mod:`voting.rules.tiny` (merged
ballots) and :mod:`voting.rules.tiny_classes` (budget classes), which differ only in how
budgets are held, priced and paid.

Budgets are integers over one common denominator ``den``. A project's price per point is
``U / (den x R)`` (``R`` its rich supporters' points, ``U`` what they still owe x den), and
``rho = U / (den x R x cost)`` is compared by cross-multiplication, ties to the lower index
(id first as a string). ``rho`` only grows during a run, so projects are tried by their last
``rho`` (a float, correctly rounded) and a round stops at the first that is surely above the
best.
"""
from __future__ import annotations

from math import gcd

_SURE = 1 + 1e-9  # floats of exact ratios are correctly rounded: this margin is ample


def buy_in_rounds(cost, candidates, den, first, price, pay):
    """Buy projects round by round; ([(project, price numerator, price denominator)], the
    final denominator).

    ``first``: (U, R) or None of projects whose first-round price needs no look at voters;
    ``price(j, den)``: (U, R) of j now, or None if it is unaffordable;
    ``pay(j, up, step)``: multiply every budget numerator by ``up`` (the new denominator over
    the old), then charge j's supporters ``step`` per point (all they have, if less).
    """
    remaining = list(candidates)
    lower = dict.fromkeys(remaining, 0.0)
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
