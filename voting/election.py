"""Plain types of a participatory-budgeting election: projects, ballots, elections, outcomes.

These are what the web app builds from database rows and what the Pabulib reader returns:

    Election(budget=1_000_000, vote_type="approval",
             projects=[Project("p1", 250_000), Project("p2", 400_000)],
             ballots=[Ballot(["p1", "p2"]), Ballot(["p2"], weight=3)])

Money and points are exact numbers (``int`` or ``fractions.Fraction``), never floats, because
an outcome rule compares sums of them and a rounding error could change who is funded.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

Number = Union[int, Fraction]

#: Pabulib vote types we read, tally and write. ``choose-1`` is approval with one choice,
#: ``scoring`` is cumulative without a cap on the total.
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


def exact_number(value: object) -> Number:
    """Return ``value`` as an int or Fraction; accept decimal strings ("12.5" or "12,5").

    Raises ValueError for anything that is not a finite exact number (floats are refused:
    0.1 has no exact binary value, so it must arrive as the string "0.1").
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text or text.lower() in ("nan", "inf", "-inf", "infinity", "+inf"):
            raise ValueError(f"not a number: {value!r}")
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"not a number: {value!r}") from None
        return number.numerator if number.denominator == 1 else number
    raise ValueError(f"not an exact number: {value!r}")


def format_number(value: Number) -> str:
    """Write an exact number the way Pabulib files do: "1200", "1200.5"; "p/q" if no finite decimal."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den, twos, fives = value.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = abs(value.numerator) * 10**digits // value.denominator
    sign = "-" if value < 0 else ""
    whole, frac = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


@dataclass
class Project:
    """A project on the ballot: a string ``id`` (ties are broken by it), an exact ``cost``.

    ``name`` is optional; ``extra`` keeps any other Pabulib column (votes, score, selected,
    category, ...) as text, in column order, so that a file read and written comes back the same.
    """

    id: str
    cost: Number
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = str(self.id)
        self.cost = exact_number(self.cost)
        if self.cost < 0:
            raise ValueError(f"project {self.id}: negative cost")


@dataclass
class Ballot:
    """One voter's ballot, or ``weight`` identical ballots.

    ``choices`` is a sequence of project ids for approval (any order) and ordinal ballots
    (best first), or a mapping id -> points for cumulative and scoring ballots. It is
    normalised to a tuple or a dict of exact numbers.
    """

    choices: Sequence[str] | Mapping[str, Number]
    weight: int = 1
    voter_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.choices, Mapping):
            self.choices = {str(k): exact_number(v) for k, v in self.choices.items()}
        elif isinstance(self.choices, str):
            raise TypeError("choices must be a sequence of ids, not one string")
        else:
            self.choices = tuple(str(c) for c in self.choices)
        if not isinstance(self.weight, int) or isinstance(self.weight, bool) or self.weight < 1:
            raise ValueError(f"ballot weight must be a positive integer, not {self.weight!r}")

    def ids(self) -> tuple[str, ...]:
        """The project ids on this ballot, in ballot order."""
        return tuple(self.choices)

    def points(self, project_id: str) -> Number:
        """Points this ballot gives ``project_id`` (1 for an approval, 0 if absent)."""
        if isinstance(self.choices, dict):
            return self.choices.get(project_id, 0)
        return 1 if project_id in self.choices else 0


@dataclass
class Election:
    """Everything an outcome rule needs, plus what a Pabulib file carries besides.

    ``budget`` is the money to spend; ``vote_type`` one of VOTE_TYPES. ``max_length`` is the
    ordinal ballot length that gives the top rank its points (utility of rank r is
    ``cost * (max_length - r)``, as in Pabulib's reference rules); it defaults to
    ``meta["max_length"]`` and then to the number of projects.
    ``meta``, ``project_columns`` and ``vote_columns`` keep a Pabulib file's layout.
    """

    budget: Number
    projects: list[Project]
    ballots: list[Ballot]
    vote_type: str = "approval"
    meta: dict[str, str] = field(default_factory=dict)
    max_length: int | None = None
    project_columns: tuple[str, ...] | None = None
    vote_columns: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self.budget = exact_number(self.budget)
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")
        self.projects = list(self.projects)
        self.ballots = list(self.ballots)

    def project(self, project_id: str) -> Project:
        """The project with this id (KeyError if none)."""
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def ordinal_top(self) -> int:
        """Points of rank 0 on an ordinal ballot (the ballot length that defines the scale)."""
        if self.max_length is not None:
            return int(self.max_length)
        if "max_length" in self.meta:
            return int(self.meta["max_length"])
        return len(self.projects)

    def num_voters(self) -> int:
        """Number of voters: ballots counted with their weights."""
        return sum(b.weight for b in self.ballots)


@dataclass
class Outcome:
    """What a rule decided: ``selected`` ids (in the order bought), the money ``spent`` and,
    for every project id, an explanation dict ``{"code": ..., numbers...}`` for the UI."""

    rule: str
    selected: list[str]
    spent: Number
    explanations: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The CLI/API form: ids sorted as strings, numbers as JSON numbers."""
        return {
            "rule": self.rule,
            "selected": sorted(self.selected),
            "spent": _json_number(self.spent),
            "explanations": {k: {n: _json_number(v) for n, v in e.items()}
                             for k, e in sorted(self.explanations.items())},
        }


def _json_number(value: object) -> object:
    """Exact ints stay ints; fractions become floats (display only, never fed back)."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value
