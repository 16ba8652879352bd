"""MES for tiny elections in one lean pass: reading, running and explaining in plain ints.

On a few hundred ballots, MES itself takes microseconds and everything around it (building
per-project lists twice, Fraction arithmetic, per-call set-up) dominated. :func:`tiny_mes`
does it all at once for elections with integer money and points (Pabulib files), and returns
None for anything else, which the general path (:func:`voting.rules.equal_shares`) then runs.
It decides exactly as :class:`voting.rules.small.SmallEqualShares` does, and explains the
same way (tested against it and against pabutools):

* identical ballots are merged (approval: counted in C by ``Counter``);
* budgets are integers ``num[v] / den`` over one common denominator, so all tests are
  integer ones: ``j`` is affordable iff ``sum w num >= cost x den``; its price per point is
  ``U / (den x R)``, with ``R`` the points of its rich supporters and ``U`` what they still
  owe (x den); ``rho = U / (den x R x cost)`` is compared by cross-multiplication, ties to
  the lower index (id first as a string);
* ``rho`` only grows during a run, so projects are tried by their last ``rho`` (a float,
  correctly rounded) and the round stops at the first that is surely above the best.

Complexity per round: O(s log s) for each project evaluated (s its merged supporters), plus
O(merged ballots) to bring budgets to a new denominator. Unweighted ballots go first to
:mod:`voting.rules.tiny_classes` (by budget class, no hashing of ballots), which beats merging
them from the smallest real files on (Assen's 84 ballots, Grabówka's 201); merging here is for
weighted ballots.
"""
from __future__ import annotations

from collections import Counter
from math import gcd
from operator import mul

from voting.election import Election, Outcome
from voting.rules.tiny_classes import class_mes
from voting.rules.tiny_rounds import buy_in_rounds, explained_outcome, integer_points

#: more ballots than this go to the general path (list-based MES is then no longer lean)
TINY_BALLOTS = 1500
#: more unweighted ballots than this (up to CLASS_LIMIT) are run by budget classes
#: (:mod:`voting.rules.tiny_classes`): all, since hashing ballots to merge them costs more;
#: past CLASS_LIMIT classes multiply and numpy is faster
CLASS_BALLOTS = 0
CLASS_LIMIT = 8000


def tiny_mes(election: Election) -> Outcome | None:
    """The ``mes`` outcome of a tiny election with integer money and points, else None."""
    ballots = election.ballots
    budget = election.budget
    if len(ballots) > CLASS_LIMIT or budget.__class__ is not int:
        return None
    vote_type = election.vote_type
    if vote_type not in ("approval", "choose-1", "cumulative", "scoring"):
        return None
    projects = election.projects
    ids = sorted(p.id for p in projects)
    m = len(ids)
    index = {pid: j for j, pid in enumerate(ids)}
    if len(index) != m:
        return None  # two projects share an id: the general path says so
    cost = [0] * m
    for p in projects:
        if p.cost.__class__ is not int:
            return None
        cost[index[p.id]] = p.cost
    if len(ballots) > CLASS_BALLOTS:
        outcome = class_mes(election, ids, index, cost)
        if outcome is not None or len(ballots) > TINY_BALLOTS:
            return outcome
    n = sum(b.weight for b in ballots)
    if n == 0:
        return None
    if n == len(ballots):  # every weight is 1 (weights are positive), count in C
        merged = Counter([b.choices for b in ballots] if vote_type in ("approval", "choose-1")
                         else [tuple(b.choices.items()) for b in ballots])
    else:
        merged = Counter()
        approval = vote_type in ("approval", "choose-1")
        for b in ballots:
            merged[b.choices if approval else tuple(b.choices.items())] += b.weight
    keys, weight = list(merged), list(merged.values())
    by_id: dict[str, list[int]] = {pid: [] for pid in ids}  # supporters, by project id
    pts = None
    try:
        if vote_type in ("approval", "choose-1"):
            for v, key in enumerate(keys):
                for pid in key:
                    by_id[pid].append(v)
        else:
            points_by_id: dict[str, list] = {pid: [] for pid in ids}
            for v, key in enumerate(keys):
                for pid, p in key:
                    by_id[pid].append(v)
                    points_by_id[pid].append(p)
            pts = [points_by_id[pid] for pid in ids]
    except KeyError:
        return None  # a ballot names an unknown project: the general path says so
    sup = [by_id[pid] for pid in ids]
    if pts is not None:
        if not integer_points(sup, pts):
            return None  # fractional points: the general path scales them
    wts = [list(map(weight.__getitem__, s)) for s in sup]
    total = list(map(sum, wts)) if pts is None else list(map(sum, map(map, [mul] * m, wts, pts)))
    unit = [pts is None or p.count(1) == len(p) for p in (pts or sup)]
    bought, num, den = _run(budget, n, len(keys), cost, sup, wts, pts, total, unit)
    return explained_outcome(ids, cost, budget, n, bought, den, sup,
                             lambda j: sum(map(mul, [num[v] for v in sup[j]], wts[j])))


def _run(budget, n, voters, cost, sup, wts, pts, total, unit):
    """MES at budget / n per voter: [(project, price numerator, price denominator)], budgets.

    ``total[j]``: j's points times weights; ``unit[j]``: all j's supporters give one point."""
    g = gcd(budget, n)
    num, den = [budget // g] * voters, n // g
    candidates = [j for j in range(len(cost)) if cost[j] > 0 and sup[j]]
    first = _first_round(num[0], den, cost, candidates, wts, total, unit, pts)

    def price(j, den):
        return _price(num, den, cost[j], sup[j], wts[j], total[j], None if unit[j] else pts[j])

    def pay(j, up, step):
        if up != 1:
            num[:] = [x * up for x in num]
        if unit[j]:
            for v in sup[j]:
                left = num[v] - step
                num[v] = left if left > 0 else 0
        else:
            for v, p in zip(sup[j], pts[j]):
                left = num[v] - step * p
                num[v] = left if left > 0 else 0

    bought, den = buy_in_rounds(cost, candidates, den, first, price, pay)
    return bought, num, den


def _first_round(budget, den, cost, remaining, wts, total, unit, pts):
    """While every voter holds ``budget / den``: (U, R) of each project where it is immediate
    (everyone pays the same share per point), None where it is unaffordable; others absent."""
    found = {}
    for j in remaining:
        unpaid = cost[j] * den
        if budget * total[j] >= unpaid * (1 if unit[j] else max(pts[j])):
            found[j] = (unpaid, total[j])
        elif unit[j] or budget * sum(wts[j]) < unpaid:
            found[j] = None  # equal budgets that cannot pay equal shares pay nothing
    return found


def _price(num, den, cost, sup, wts, points, pts):
    """(U, R): price per point U / (den x R) of a project, or None if it is unaffordable."""
    budgets = list(map(num.__getitem__, sup))
    unpaid = cost * den
    if pts is None:  # one point each
        if min(budgets) * points >= unpaid:
            return unpaid, points  # everyone can pay the same share
        if sum(map(mul, budgets, wts)) < unpaid:
            return None
        for b, w in sorted(zip(budgets, wts)):  # poorest first, until one is rich
            if b * points >= unpaid:
                return unpaid, points
            unpaid -= b * w
            points -= w
        return None  # not reached: the richest supporter is never poor
    if sum(map(mul, budgets, wts)) < unpaid:
        return None
    rich = range(len(budgets))
    while True:
        # i is poor iff budget_i / den < price x p_i, price = unpaid / (den x points)
        poor = [i for i in rich if budgets[i] * points < unpaid * pts[i]]
        if not poor:
            return unpaid, points
        rich = [i for i in rich if budgets[i] * points >= unpaid * pts[i]]
        unpaid -= sum(budgets[i] * wts[i] for i in poor)
        points -= sum(pts[i] * wts[i] for i in poor)
