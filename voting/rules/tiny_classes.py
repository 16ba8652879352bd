"""MES for elections of a few hundred to a few thousand ballots, by budget classes.

The counterpart of :mod:`voting.rules.tiny` (same decisions, same explanations, same integer
arithmetic) for when ballots are too many to hash cheaply and per-voter budget lists grow
long. Ballots are not merged; instead voters who paid the same things hold the same budget
and share a *class* (class 0 holds nothing). A project's price is found over the classes
of its supporters, counted in C (``Counter``), usually a few dozen for hundreds of voters;
a payment rescales class budgets, not voters' ones. Weighted ballots are declined (the
general path merges them).

Complexity per round: O(s) C-level counting plus O(g log g) for each project evaluated (s its
supporters, g their classes), and O(s) to move the winner's supporters to their new classes.
"""
from __future__ import annotations

from collections import Counter
from fractions import Fraction
from math import gcd
from operator import attrgetter

from voting.election import Election, Outcome

_SURE = 1 + 1e-9  # floats of exact ratios are correctly rounded: this margin is ample


def class_mes(election: Election, ids: list[str], cost: list[int]) -> Outcome | None:
    """The ``mes`` outcome, for an election :func:`voting.rules.tiny.tiny_mes` has checked
    (integer money, approval or points ballots) and numbered (``ids``, ``cost``); None for
    weighted ballots or fractional points."""
    ballots = election.ballots
    budget = election.budget
    vote_type = election.vote_type
    n = len(ballots)
    if n == 0 or any(b.weight != 1 for b in ballots):
        return None  # weighted ballots: the general path merges them
    by_id: dict[str, list[int]] = {pid: [] for pid in ids}  # supporters, by project id
    pts = None
    try:
        if vote_type in ("approval", "choose-1"):
            for v, key in enumerate(map(attrgetter("choices"), ballots)):
                for pid in key:
                    by_id[pid].append(v)
        else:
            points_by_id: dict[str, list] = {pid: [] for pid in ids}
            for v, key in enumerate(map(attrgetter("choices"), ballots)):
                for pid, p in key.items():
                    by_id[pid].append(v)
                    points_by_id[pid].append(p)
            pts = [points_by_id[pid] for pid in ids]
    except KeyError:
        return None  # a ballot names an unknown project: the general path says so
    sup = [by_id[pid] for pid in ids]
    if pts is not None:
        for j, p in enumerate(pts):
            if sum(p).__class__ is not int:
                return None  # fractional points: the general path scales them
            if p and min(p) <= 0:  # no utility, no part in MES
                keep = [i for i, x in enumerate(p) if x > 0]
                sup[j], pts[j] = [sup[j][i] for i in keep], [p[i] for i in keep]
    total = list(map(len, sup)) if pts is None else list(map(sum, pts))
    unit = [pts is None or p.count(1) == len(p) for p in (pts or sup)]
    bought, cls, cb, den = _run(budget, n, cost, sup, pts, total, unit)
    return _outcome(ids, cost, budget, n, bought, cls, cb, den, sup)


def _run(budget, n, cost, sup, pts, total, unit):
    """MES at budget / n per voter: [(project, price numerator, price denominator)], and the
    budgets at the end (voter -> class, class -> numerator over the returned denominator).

    ``total[j]``: j's points; ``unit[j]``: all j's supporters give one point. Voters who paid
    the same things hold the same: they share a budget *class* (class 0 holds nothing), so
    prices are found over the few classes of a project's supporters, counted in C."""
    g = gcd(budget, n)
    den = n // g
    cb = [0, budget // g]
    cls = [1] * n
    remaining = [j for j in range(len(cost)) if cost[j] > 0 and sup[j]]
    lower = dict.fromkeys(remaining, 0.0)
    first = _first_round(cb[1], den, cost, remaining, total, unit, pts)
    groups: dict = {}  # project -> its supporters counted per class, until the next payment
    bought = []
    while remaining:
        remaining.sort(key=lower.__getitem__)
        best = None  # (U, R x cost, j, U, R): rho = U / (den x R x cost)
        best_f = float("inf")
        for j in list(remaining):
            if lower[j] > best_f * _SURE:
                break  # rho only grows: this one and all after it are surely above the best
            if first is not None and j in first:
                found = first[j]  # every budget is the same: no need to look at voters
            else:
                found = groups[j] = _groups(cls, sup[j], None if unit[j] else pts[j])
                found = _price(cb, den, cost[j], found, total[j], unit[j])
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
        up = new_den // den
        if up != 1:
            cb = [x * up for x in cb]
        step = pn * (new_den // pd)
        moved = {}  # old class (and points) -> new class
        for key in groups.get(j) or _groups(cls, sup[j], None if unit[j] else pts[j]):
            left = cb[key] - step if unit[j] else cb[key[0]] - step * key[1]
            if left > 0:
                moved[key] = len(cb)
                cb.append(left)
            else:
                moved[key] = 0
        if unit[j]:
            for v in sup[j]:
                cls[v] = moved[cls[v]]
        else:
            for v, p in zip(sup[j], pts[j]):
                cls[v] = moved[cls[v], p]
        groups = {}
        den = new_den
        bought.append((j, pn, pd))
    return bought, cls, cb, den


def _groups(cls, sup, pts):
    """Supporters counted per class (per class and points when points vary)."""
    if pts is None:
        return Counter(map(cls.__getitem__, sup))
    return Counter(zip(map(cls.__getitem__, sup), pts))


def _first_round(budget, den, cost, remaining, total, unit, pts):
    """While every voter holds ``budget / den``: (U, R) of each project where it is immediate
    (everyone pays the same share per point), None where it is unaffordable; others absent."""
    found = {}
    for j in remaining:
        unpaid = cost[j] * den
        if budget * total[j] >= unpaid * (1 if unit[j] else max(pts[j])):
            found[j] = (unpaid, total[j])
        elif unit[j] or budget * len(pts[j]) < unpaid:
            found[j] = None  # equal budgets that cannot pay equal shares pay nothing
    return found


def _price(cb, den, cost, groups, points, unit):
    """(U, R): price per point U / (den x R) of a project, or None if it is unaffordable."""
    unpaid = cost * den
    if unit:  # one point each: classes from the poorest, until one is rich
        order = sorted(groups, key=cb.__getitem__)
        if cb[order[0]] * points >= unpaid:
            return unpaid, points  # everyone can pay the same share
        if sum(cb[c] * k for c, k in groups.items()) < unpaid:
            return None
        for c in order:
            b = cb[c]
            if b * points >= unpaid:
                return unpaid, points
            unpaid -= b * groups[c]
            points -= groups[c]
        return None  # not reached: the richest supporter is never poor
    rich = list(groups.items())
    if sum(cb[c] * k for (c, _), k in rich) < unpaid:
        return None
    while True:
        # (c, p) is poor iff cb[c] / den < price x p, price = unpaid / (den x points)
        poor = [g for g in rich if cb[g[0][0]] * points < unpaid * g[0][1]]
        if not poor:
            return unpaid, points
        rich = [g for g in rich if cb[g[0][0]] * points >= unpaid * g[0][1]]
        unpaid -= sum(cb[c] * k for (c, _), k in poor)
        points -= sum(p * k for (_, p), k in poor)


def _outcome(ids, cost, budget, n, bought, cls, cb, den, sup) -> Outcome:
    """The Outcome with the explanations :func:`voting.rules.equal_shares._explain` gives."""
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
            held = sum(map(cb.__getitem__, map(cls.__getitem__, sup[j])))
            out[pid] = {"code": "mes_unaffordable", "cost": c,
                        "supporters_budget": round(held / den, 2)}
        else:
            out[pid] = {"code": "mes_no_support", "cost": c}
    return Outcome("mes", [ids[j] for j, _, _ in bought], sum(cost[j] for j, _, _ in bought), out)
