"""A ballot's limits per voting method, checked against plain data (no database, no Flask).

The per-method checks are `voting.ballots`'; this module adds what a budget needs on top:
- every method: at least one project, at least `min_choices`, at most `max_choices` (when set);
- approval: one mark per project;
- knapsack: one mark per project; per envelope the chosen costs stay within its amount, and
  spend at least `min_spend_percent` of it unless no further project would still fit;
- cumulative: whole points > 0 per project, at most `max_points` in all.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Callable

from voting.ballots import BallotError, BallotRules
from voting.ballots import check_ballot as voting_check

from .errors import DomainError

DEFAULT_POINTS = 10  # a cumulative budget without max_points spreads this many
MAX_INT = 2**31 - 1  # what PostgreSQL's integer columns hold
UNREADABLE = "Your ballot could not be read. Please reload the page and choose again."


@dataclass(frozen=True)
class Limits:
    """A budget's ballot settings, copied out of the model."""

    method: str
    min_choices: int = 0
    max_choices: int | None = None
    max_points: int | None = None
    min_spend_percent: int = 0


@dataclass(frozen=True)
class Option:
    """A project on the ballot: its envelope and the cost that counts."""

    envelope_id: int
    cost: int


def normalize_choices(raw) -> dict[int, int]:
    """Project id → points from a list of ids (one mark each) or a mapping; junk is refused."""
    unreadable = DomainError(UNREADABLE)
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, (list, tuple, set, frozenset)):
        items = [(p, 1) for p in raw]
    else:
        raise unreadable
    choices: dict[int, int] = {}
    for key, points in items:
        project_id = _as_int(key)
        if project_id is None or isinstance(points, bool) or not isinstance(points, int):
            raise unreadable
        if not 0 < project_id <= MAX_INT or not 0 <= points <= MAX_INT:
            raise unreadable
        if points and project_id in choices:
            raise unreadable  # the same project twice
        if points:
            choices[project_id] = points
    return choices


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) <= 10:
        return int(value)
    return None


def check_ballot(limits: Limits, choices: dict[int, int], options: dict[int, Option],
                 envelopes: dict[int, int], name_of: Callable[[int], str] = str) -> None:
    """Raise a DomainError naming the first broken limit; `envelopes` maps id → amount.

    The method's own rules come from `voting.ballots`; what it cannot know lives here: the
    ballot spans several envelopes (each its own knapsack), and a minimum spend yields
    when no further project would fit.
    """
    for project_id in sorted(choices):
        if project_id not in options:
            raise DomainError("Project %(project)s is not on your ballot.", project=project_id)
    needed = max(1, min(limits.min_choices, len(options)))
    if limits.method == "cumulative":
        rules = BallotRules("cumulative", limits.max_choices, needed, points=limits.max_points or DEFAULT_POINTS)
        _apply({str(p): n for p, n in choices.items()}, {str(p): o.cost for p, o in options.items()}, rules)
        return
    if any(points != 1 for points in choices.values()):
        raise DomainError("Mark each project once; points are not used on this ballot.")
    costs = {str(p): o.cost for p, o in options.items()}
    _apply([str(p) for p in choices], costs, BallotRules("approval", limits.max_choices, needed))
    if limits.method != "knapsack":
        return
    for envelope_id, amount in envelopes.items():
        mine = {p: o.cost for p, o in options.items() if o.envelope_id == envelope_id}
        chosen = [p for p in choices if p in mine]
        spent = sum(mine[p] for p in chosen)
        # Not every envelope can be filled to the minimum: ask only while another project still fits.
        still_fits = any(c <= amount - spent for p, c in mine.items() if p not in choices)
        need = ceil(amount * limits.min_spend_percent / 100) if still_fits else None
        rules = BallotRules("knapsack", envelope=amount, min_spend=need or None)
        _apply([str(p) for p in chosen], {str(p): c for p, c in mine.items()}, rules,
               envelope=lambda: name_of(envelope_id))


def _apply(choices, costs, rules: BallotRules, envelope: Callable[[], str] = str) -> None:
    """Run `voting.ballots` and turn its first error code into the voter's message.

    `envelope` names the envelope only when a message needs it (naming may cost a query).
    """
    try:
        voting_check(choices, costs, rules)
    except BallotError as error:
        raise _message(error, envelope()) from None


def _message(error: BallotError, envelope: str) -> DomainError:
    p = error.params
    if error.code == "too_many_choices":
        return DomainError("You may choose at most %(count)s projects; you chose %(chosen)s.",
                           count=p["max"], chosen=p["chosen"])
    if error.code == "too_few_choices":
        return DomainError("Please choose at least %(count)s project(s).", count=p["min"])
    if error.code == "over_envelope":
        return DomainError("Your choices for %(envelope)s cost %(spent)s, more than the %(amount)s available.",
                           envelope=envelope, spent=p["total"], amount=p["envelope"])
    if error.code == "under_min_spend":
        return DomainError("Please spend at least %(need)s for %(envelope)s (you chose %(spent)s); "
                           "more projects still fit.", need=p["min"], envelope=envelope, spent=p["total"])
    if error.code == "too_many_points":
        return DomainError("You spread %(spent)s points; you have %(points)s.", spent=p["total"], points=p["max"])
    if error.code == "unknown_project":
        return DomainError("Project %(project)s is not on your ballot.", project=p["project"])
    return DomainError(UNREADABLE)
