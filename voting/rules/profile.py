"""The numeric form of an election that the rules work on.

Rules never look at :class:`~voting.election.Ballot` objects twice: :func:`compile_election`
turns an election into integer arrays once. Projects are numbered in the order of their ids
sorted as strings, so "lower index" *is* the tie-breaking order (pabutools' lexicographic
default). Money is scaled by ``money_scale`` and points by ``points_scale`` so that every
cost, the budget and every point is an integer; both scales are 1 for real Pabulib files.
Identical ballots are merged into one voter with a weight: every rule here treats voters
with the same ballot identically, so this changes no outcome and saves most of the work.

Utilities are those of Pabulib's reference rules: approval ``cost`` if approved, cumulative
and scoring ``cost x points``, ordinal ``cost x (top - rank)`` with rank 0 for the first choice.

Complexity: O(total ballot length) time and memory, plus hashing each ballot once.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from math import lcm

import numpy as np

from voting.election import Election


@dataclass
class Compiled:
    """Integer arrays of an election; entries are (voter, project, points) triples."""

    ids: list[str]                # project ids, sorted as strings: index = tie-break rank
    cost: list[int]               # scaled costs, exact
    budget: int                   # scaled budget, exact
    money_scale: int
    points_scale: int
    n_voters: int                 # ballots counted with their weights
    weights: np.ndarray           # int64, one per distinct ballot
    entry_voter: np.ndarray       # int64
    entry_project: np.ndarray     # int64
    entry_points: np.ndarray      # int64, scaled; ordinal points may be <= 0
    score: list[int]              # per project: sum of weight x points (scaled), exact

    def money(self, scaled):
        """Scaled money back to currency units (an int when whole)."""
        return _exact(Fraction(scaled) / self.money_scale)

    def points(self, scaled):
        """Scaled points back to ballot points (an int when whole)."""
        return _exact(Fraction(scaled) / self.points_scale)


def _exact(value: Fraction):
    """An int when the fraction is whole, else the fraction."""
    return value.numerator if value.denominator == 1 else value


def compile_election(election: Election) -> Compiled:
    """Build the :class:`Compiled` form; raise ValueError for a ballot naming an unknown project."""
    ids = sorted(p.id for p in election.projects)
    if len(set(ids)) != len(ids):
        raise ValueError("two projects share an id")
    index = {pid: i for i, pid in enumerate(ids)}
    by_id = {p.id: p.cost for p in election.projects}
    money_scale = lcm(1, Fraction(election.budget).denominator,
                      *(Fraction(c).denominator for c in by_id.values()))
    cost = [int(by_id[pid] * money_scale) for pid in ids]
    budget = int(election.budget * money_scale)

    points_type = election.vote_type in ("cumulative", "scoring")
    merged: dict = {}
    for ballot in election.ballots:
        key = tuple(ballot.choices.items()) if isinstance(ballot.choices, dict) else ballot.choices
        merged[key] = merged.get(key, 0) + ballot.weight
    keys = list(merged)
    weights = np.fromiter(merged.values(), dtype=np.int64, count=len(keys))
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    total = int(lengths.sum())
    entry_voter = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    try:
        if points_type:
            flat = list(chain.from_iterable(keys))
            entry_project = np.fromiter((index[k] for k, _ in flat), dtype=np.int64, count=total)
            raw = [v for _, v in flat]
        else:
            entry_project = np.fromiter(map(index.__getitem__, chain.from_iterable(keys)),
                                        dtype=np.int64, count=total)
            raw = None
    except KeyError as exc:
        raise ValueError(f"a ballot names unknown project {exc.args[0]!r}") from None

    points_scale = 1
    if points_type:
        points_scale = lcm(1, *{Fraction(v).denominator for v in raw})
        entry_points = np.array([int(v * points_scale) for v in raw], dtype=np.int64)
    elif election.vote_type == "ordinal":
        top = election.ordinal_top()
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        entry_points = top - (np.arange(total, dtype=np.int64) - starts)
    else:
        entry_points = np.ones(total, dtype=np.int64)

    score = [0] * len(ids)
    products = weights[entry_voter] * entry_points
    if total and int(np.abs(products).sum()) < 2**53:
        # float sums of integers below 2**53 are exact
        sums = np.bincount(entry_project, weights=products, minlength=len(ids))
        score = [int(s) for s in sums]
    else:
        for j, v in zip(entry_project.tolist(), products.tolist()):
            score[j] += v
    return Compiled(ids, cost, budget, money_scale, points_scale, int(weights.sum()),
                    weights, entry_voter, entry_project, entry_points, score)
