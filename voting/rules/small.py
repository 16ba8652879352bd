"""Plain-Python greedy scores and MES for small elections, where numpy's fixed costs dominate.

:func:`compile_small` reads an election into lists (no numpy), with the same numbering and
utilities as :mod:`voting.rules.profile`: projects in the order of their ids as strings,
identical ballots merged, utility cost x points. It declines (returns None) elections with
fractional money or points, which the numpy path scales to integers.

:class:`SmallEqualShares` runs MES with the same decisions as :mod:`voting.rules.mes_core`
and the same interface (``run`` returns purchases and a state with ``held``). Budgets are
integers over one common denominator ``den``, so every comparison is an integer one:

* ``j`` is affordable iff ``sum_i w_i num_i >= cost_j x den``;
* its price per point is ``lam = N / (den x R)`` with ``R`` the rich supporters' points and
  ``N = cost x den - (what the poor hold) x den / den``; the poor are found as pabutools does,
  by moving supporters with ``num_i x R < N x p_i`` to the poor until none moves (usually
  one or two passes, no sorting);
* ``rho = lam / cost`` is compared across projects by cross-multiplication, ties to the
  lower index; a project whose last ``rho`` is already above the best is skipped (``rho``
  only grows during a run).

Complexity per round: O(s) integer operations per project evaluated (s its merged
supporters) plus O(voters) to bring budgets to the new denominator.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from operator import mul

from voting.election import Election
from voting.rules.mes_core import Purchase

#: above this many distinct ballot entries (or half as many ballots) numpy is faster
SMALL_ENTRIES = 20000


@dataclass
class Small:
    """Lists for one election; the attributes greedy completion and explanations read."""

    ids: list[str]
    cost: list[int]
    budget: int
    n_voters: int
    weights: list[int]                 # per merged ballot
    voters: list[list[int]]            # per project: supporters (merged ballots), points > 0
    points_of: list[list[int]]         # ... their points
    weights_of: list[list[int]]        # ... their weights
    score: list[int]
    money_scale: int = 1
    points_scale: int = 1
    extra: dict = field(default_factory=dict)

    def money(self, scaled):
        """Money in currency units (scale 1 here)."""
        return scaled.numerator if isinstance(scaled, Fraction) and scaled.denominator == 1 else scaled

    points = money


def _integer_projects(election: Election) -> tuple[list[str], dict[str, int]] | None:
    """(ids sorted as strings, id → cost) when budget and costs are integers, else None."""
    if not isinstance(election.budget, int) or any(not isinstance(p.cost, int) for p in election.projects):
        return None
    ids = sorted(p.id for p in election.projects)
    if len(set(ids)) != len(ids):
        raise ValueError("two projects share an id")
    return ids, {p.id: p.cost for p in election.projects}


def compile_small(election: Election, limit: int = SMALL_ENTRIES) -> Small | None:
    """The list form of a small election with integer money and points, else None."""
    integral = _integer_projects(election)
    if integral is None:
        return None
    ids, cost_by_id = integral
    index = {pid: i for i, pid in enumerate(ids)}
    ballots = election.ballots
    if len(ballots) > limit // 2:
        return None
    mapping = election.vote_type in ("cumulative", "scoring")
    keys = [tuple(b.choices.items()) for b in ballots] if mapping else [b.choices for b in ballots]
    if all(b.weight == 1 for b in ballots):
        merged = Counter(keys)  # counting in C
    else:
        merged = Counter()
        for key, ballot in zip(keys, ballots):
            merged[key] += ballot.weight
    if sum(map(len, merged)) > limit:
        return None
    m = len(ids)
    voters: list[list[int]] = [[] for _ in range(m)]
    points: list[list[int]] = [[] for _ in range(m)]
    try:
        if mapping:
            for voter, key in enumerate(merged):
                for pid, pts in key:
                    if pts.__class__ is not int:
                        return None
                    j = index[pid]
                    voters[j].append(voter)
                    points[j].append(pts)
        elif election.vote_type == "ordinal":
            top = election.ordinal_top()
            for voter, key in enumerate(merged):
                for rank, pid in enumerate(key):
                    j = index[pid]
                    voters[j].append(voter)
                    points[j].append(top - rank)
        else:
            for voter, key in enumerate(merged):
                for pid in key:
                    voters[index[pid]].append(voter)
            points = [[1] * len(v) for v in voters]
    except KeyError as exc:
        raise ValueError(f"a ballot names unknown project {exc.args[0]!r}") from None
    weights = list(merged.values())
    score = []
    weights_of = []
    approval = not mapping and election.vote_type != "ordinal"
    for j in range(m):
        w = [weights[v] for v in voters[j]]
        if approval:
            score.append(sum(w))
            weights_of.append(w)
            continue
        score.append(sum(map(mul, w, points[j])))
        if any(p <= 0 for p in points[j]):  # ordinal ranks past the top, zero points
            keep = [i for i, p in enumerate(points[j]) if p > 0]
            voters[j] = [voters[j][i] for i in keep]
            points[j] = [points[j][i] for i in keep]
            w = [w[i] for i in keep]
        weights_of.append(w)
    return Small(ids, [cost_by_id[i] for i in ids], election.budget, sum(weights), weights,
                 voters, points, weights_of, score)


def compile_scores(election: Election) -> Small | None:
    """Only what greedy needs (ids, costs, budget, scores), straight from the ballots; None
    for fractional money or points. No merging: summing is cheaper than hashing here."""
    integral = _integer_projects(election)
    if integral is None:
        return None
    ids, cost_by_id = integral
    by_id = dict.fromkeys(ids, 0)
    try:
        if election.vote_type in ("cumulative", "scoring"):
            for ballot in election.ballots:
                w = ballot.weight
                for pid, pts in ballot.choices.items():
                    if pts.__class__ is not int:
                        return None
                    by_id[pid] += w * pts if w != 1 else pts
        elif election.vote_type == "ordinal":
            top = election.ordinal_top()
            for ballot in election.ballots:
                w = ballot.weight
                for rank, pid in enumerate(ballot.choices):
                    by_id[pid] += w * (top - rank)
        else:
            for ballot in election.ballots:
                w = ballot.weight
                for pid in ballot.choices:
                    by_id[pid] += w
    except KeyError as exc:
        raise ValueError(f"a ballot names unknown project {exc.args[0]!r}") from None
    return Small(ids, [cost_by_id[i] for i in ids], election.budget, election.num_voters(), [],
                 [], [], [], [by_id[i] for i in ids])


class SmallState:
    """Budgets at the end of a small run: ``num[v] / den`` per merged ballot."""

    def __init__(self, mes: "SmallEqualShares", num: list[int], den: int):
        self.mes, self.num, self.den = mes, num, den

    def held(self, j: int) -> Fraction:
        """What j's supporters hold (scaled money, exact)."""
        c = self.mes.c
        return Fraction(sum(w * self.num[v] for v, w in zip(c.voters[j], c.weights_of[j])),
                        self.den)


class SmallEqualShares:
    """MES on a :class:`Small` election (see the module doc)."""

    def __init__(self, c: Small):
        self.c = c
        self.candidates = [j for j in range(len(c.ids)) if c.cost[j] > 0 and c.voters[j]]
        self.total_points = [sum(map(mul, p, w)) for p, w in zip(c.points_of, c.weights_of)]
        self.approval = [1 == min(pts, default=1) == max(pts, default=1) for pts in c.points_of]

    def run(self, beta: Fraction, stop_above: int | None = None):
        """MES with every voter's budget ``beta``: purchases in order and the end state."""
        c = self.c
        beta = Fraction(beta)
        den = beta.denominator
        num = [beta.numerator] * len(c.weights)
        remaining = list(self.candidates)
        lower: dict = {j: (0, 1) for j in remaining}   # last rho per project, as (a, b) = a/b
        purchases: list[Purchase] = []
        spent = 0
        while remaining:
            remaining.sort(key=lambda j: lower[j][0] / lower[j][1])
            best = None  # (N, den x R x cost, j, N, R)
            for j in list(remaining):
                if best is not None and lower[j][0] * best[1] > best[0] * lower[j][1]:
                    continue  # its rho was already above the best one, and only grows
                    # (not break: the order above is by floats, only this test is exact)
                found = self._price(j, num, den)
                if found is None:
                    remaining.remove(j)  # unaffordable now, hence for ever
                    continue
                n_, r_ = found
                rho = (n_, den * r_ * c.cost[j])
                lower[j] = rho
                if best is None or rho[0] * best[1] < best[0] * rho[1]:
                    best = (rho[0], rho[1], j, n_, r_)
                elif rho[0] * best[1] == best[0] * rho[1] and j < best[2]:
                    best = (rho[0], rho[1], j, n_, r_)
            if best is None:
                break
            _, _, j, n_, r_ = best
            price = Fraction(n_, den * r_)
            den, num = self._pay(j, price, num, den)
            remaining.remove(j)
            purchases.append(Purchase(j, len(purchases) + 1, price))
            spent += c.cost[j]
            if stop_above is not None and spent > stop_above:
                break
        return purchases, SmallState(self, num, den)

    def _price(self, j: int, num: list[int], den: int):
        """(N, R) with price per point N / (den x R), or None if j is unaffordable."""
        c = self.c
        budgets = [num[v] for v in c.voters[j]]
        weights = c.weights_of[j]
        unpaid, points = c.cost[j] * den, self.total_points[j]
        if self.approval[j]:
            if min(budgets) * points >= unpaid:
                return unpaid, points  # everyone pays the same share
            if sum(map(mul, budgets, weights)) < unpaid:
                return None
            for b, w in sorted(zip(budgets, weights)):  # poorest first, until one is rich
                if b * points >= unpaid:
                    return unpaid, points
                unpaid -= b * w
                points -= w
            return None  # not reached: the richest supporter is never poor
        pts = c.points_of[j]
        if sum(map(mul, budgets, weights)) < unpaid:
            return None
        rich = range(len(budgets))
        while True:
            # lam = unpaid / (den x points); i is poor iff num_i / den < lam x p_i
            poor = [i for i in rich if budgets[i] * points < unpaid * pts[i]]
            if not poor:
                return unpaid, points
            rich = [i for i in rich if budgets[i] * points >= unpaid * pts[i]]
            unpaid -= sum(budgets[i] * weights[i] for i in poor)
            points -= sum(pts[i] * weights[i] for i in poor)

    def _pay(self, j: int, price: Fraction, num: list[int], den: int):
        """Budgets after j's supporters pay ``price`` per point (or all they have)."""
        pn, pd = price.numerator, price.denominator
        new_den = den * pd // gcd(den, pd)
        up = new_den // den
        if up != 1:
            num = [x * up for x in num]
        unit = pn * (new_den // pd)
        for v, p in zip(self.c.voters[j], self.c.points_of[j]):
            left = num[v] - unit * p
            num[v] = left if left > 0 else 0
        return new_den, num
