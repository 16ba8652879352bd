"""Price searches of one MES round, in floats (with the caller's error bounds) and exactly.

A project's price per point ``lam`` is the least with ``sum_i w_i min(b_i, lam p_i) = cost``:
supporters pay in proportion to their points, the poorer ones all they have.

* :func:`float_price` finds it without sorting, by pabutools' fixed point (usually 1-3
  passes over the supporters), and can stop as soon as the project surely loses the round;
* :func:`sorted_price` sorts supporters by budget per point (when budgets are so spread
  that the fixed point would take many passes);
* :func:`scan` is the exact search over integer budget numerators.

:func:`append_classes` grows the array of exact class budgets a round at a time.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

EPS = 2.0**-52
#: passes of the fixed-point price search before sorting instead
FIXED_POINT_PASSES = 12


def float_price(b, weights, money, p, wp, cost, weight, beat, bounded):
    """(rho, error) by the fixed point of pabutools: everyone pays the share ``lam x points``
    until those who cannot are found poor and pay all they have; the share is then raised
    for the rest. Every ``lam`` on the way is at most the price (poor voters stay poor), so
    the search stops once ``bounded(lam)`` is surely above ``beat``. None if it has not
    settled after FIXED_POINT_PASSES passes (then sorting is cheaper)."""
    lam, rich_pts = cost / weight, weight
    poor = 0
    points = weights if wp is None else wp
    for _ in range(FIXED_POINT_PASSES):
        # sets {b < lam x p} for growing lam are nested: the same size means the same set
        below = b < lam if p is None else b < lam * p
        count = int(np.count_nonzero(below))
        if count == poor:
            return bounded(lam, rich_pts)
        poor = count
        # integer weights and points: these float sums are exact below 2**53. A dot product
        # with the mask sums in another order than a masked sum, which the error bound
        # (any order of n non-negative terms) allows, and without copying the poor out.
        rich_pts = weight - float(np.dot(points, below))
        if rich_pts <= 0:
            return None
        lam = (cost - float(np.dot(money, below))) / rich_pts
        rho, tol = bounded(lam, rich_pts)
        if rho - tol > beat:
            return rho, tol
    return None


def sorted_price(b, weights, money, p, wp, cost):
    """(price per point, rich points) by sorting supporters by budget per point."""
    if p is None:
        p, wp = np.ones(len(b)), weights
    order = np.argsort(b / p, kind="stable")
    ms, wp = money[order], wp[order]
    poor = np.cumsum(ms) - ms                     # money of those strictly before
    rich = wp[::-1].cumsum()[::-1]                # points weight from here on
    lam = (cost - poor) / rich
    ok = lam * p[order] <= b[order] * (1 + 4 * EPS)
    k = int(np.argmax(ok)) if ok.any() else len(b) - 1
    return lam[k], rich[k]


def scan(rows, unpaid: int, rich: int, top: int) -> Fraction | None:
    """Walk supporter groups (numerator, points, weight) from poorest per point; the price.

    ``unpaid`` is cost x top minus what groups already known to be poor pay; ``rich`` the
    points weight of the rest. A group is rich when price x points <= its budget.
    """
    for num, p, w in sorted(rows, key=lambda r: Fraction(r[0], r[1])):
        if unpaid * p <= num * rich:
            return Fraction(unpaid, top * rich)
        unpaid -= w * num
        rich -= w * p
    return None if rich <= 0 or unpaid < 0 else Fraction(unpaid, top * rich)


def append_classes(num: np.ndarray, more: np.ndarray) -> np.ndarray:
    """``num`` followed by ``more``: a view of a buffer with room to spare, so that adding a
    round's classes does not copy (and reference-count) every class before them."""
    size = len(num)
    base = num.base if num.base is not None else num
    if size + len(more) > len(base):
        grown = np.empty(2 * (size + len(more)), dtype=object)
        grown[:size] = num
        base = grown
    base[size:size + len(more)] = more
    return base[:size + len(more)]
