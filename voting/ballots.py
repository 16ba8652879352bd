"""Is a ballot valid under its budget's voting method? Errors as data, never sentences.

Methods (see DESIGN.md):

* ``approval``: choose at most ``max_choices`` projects (and at least ``min_choices``);
* ``knapsack``: choose projects whose total cost is within ``envelope`` (and, optionally,
  at least ``min_spend``);
* ``cumulative``: spread at most ``points`` points, at most ``max_per_project`` on one
  project if set; points are positive whole numbers.

:func:`ballot_errors` returns every problem as ``{"code": ..., params}``, for a form to show
all at once; :func:`check_ballot` raises the first as :class:`BallotError`, for a service.
Time O(length of the ballot).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from voting.election import Number

METHODS = ("approval", "knapsack", "cumulative")


class BallotError(ValueError):
    """An invalid ballot: ``code`` names the rule broken, ``params`` the numbers involved."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class BallotRules:
    """The limits of one budget's ballot; unset limits do not apply."""

    method: str
    max_choices: int | None = None
    min_choices: int | None = None
    envelope: Number | None = None
    min_spend: Number | None = None
    points: int | None = None
    max_per_project: int | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown voting method {self.method!r}")
        if self.method == "knapsack" and self.envelope is None:
            raise ValueError("a knapsack ballot needs an envelope")
        if self.method == "cumulative" and self.points is None:
            raise ValueError("a cumulative ballot needs a number of points")


def ballot_errors(choices: Sequence[str] | Mapping[str, int], costs: Mapping[str, Number],
                  rules: BallotRules) -> list[dict]:
    """Every problem with ``choices`` (ids, or id -> points for cumulative); [] if valid.

    ``costs`` maps each project on the ballot paper to its cost.
    """
    errors: list[dict] = []
    if rules.method == "cumulative":
        if not isinstance(choices, Mapping):
            return [{"code": "points_expected"}]
        ids = list(choices)
    else:
        if isinstance(choices, (str, Mapping)):
            return [{"code": "choices_expected"}]
        ids = list(choices)
        if len(set(ids)) != len(ids):
            errors.append({"code": "duplicate_project"})
            ids = list(dict.fromkeys(ids))
    unknown = [i for i in ids if i not in costs]
    for pid in unknown:
        errors.append({"code": "unknown_project", "project": pid})
    ids = [i for i in ids if i in costs]

    if rules.method == "cumulative":
        return errors + _points_errors({i: choices[i] for i in ids}, rules)
    count = len(ids)
    if rules.max_choices is not None and count > rules.max_choices:
        errors.append({"code": "too_many_choices", "chosen": count, "max": rules.max_choices})
    if rules.min_choices is not None and count < rules.min_choices:
        errors.append({"code": "too_few_choices", "chosen": count, "min": rules.min_choices})
    if rules.method == "knapsack":
        total = sum(costs[i] for i in ids)
        if total > rules.envelope:
            errors.append({"code": "over_envelope", "total": total, "envelope": rules.envelope})
        if rules.min_spend is not None and total < rules.min_spend:
            errors.append({"code": "under_min_spend", "total": total, "min": rules.min_spend})
    return errors


def _points_errors(points: Mapping[str, int], rules: BallotRules) -> list[dict]:
    """Problems of a cumulative ballot's points."""
    errors: list[dict] = []
    for pid, value in points.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append({"code": "points_not_positive_integer", "project": pid})
        elif rules.max_per_project is not None and value > rules.max_per_project:
            errors.append({"code": "too_many_points_for_project", "project": pid,
                           "points": value, "max": rules.max_per_project})
    if errors:
        return errors
    total = sum(points.values())
    if total > rules.points:
        errors.append({"code": "too_many_points", "total": total, "max": rules.points})
    count = len(points)
    if rules.max_choices is not None and count > rules.max_choices:
        errors.append({"code": "too_many_choices", "chosen": count, "max": rules.max_choices})
    if rules.min_choices is not None and count < rules.min_choices:
        errors.append({"code": "too_few_choices", "chosen": count, "min": rules.min_choices})
    return errors


def check_ballot(choices: Sequence[str] | Mapping[str, int], costs: Mapping[str, Number],
                 rules: BallotRules) -> None:
    """Raise :class:`BallotError` for the first problem with the ballot; return if valid."""
    errors = ballot_errors(choices, costs, rules)
    if errors:
        first = dict(errors[0])
        raise BallotError(first.pop("code"), **first)
