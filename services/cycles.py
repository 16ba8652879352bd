"""Budget cycles: create and edit them (admins), and move their phases by date or by hand."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from models import Ballot, Budget, District, Envelope, Project
from models.budget import METHODS, PHASES, RULES, VISIBILITIES

from . import audit
from .ballots import forget_submission_keys, hold_ballots
from .errors import Conflict, DomainError, NotFound

# Phase dates in the order they must fall; each names the phase it opens (None: ends one).
DATE_FIELDS = ("proposals_start", "proposals_end", "review_end", "voting_start", "voting_end",
               "results_on")
# phase → (date that ends it, the phase that follows). Publishing is the results feature's
# job (it writes a snapshot), so dates never move a cycle past `closed`.
BY_DATE = {
    "draft": ("proposals_start", "proposals"),
    "proposals": ("proposals_end", "review"),
    "review": ("voting_start", "voting"),
    "voting": ("voting_end", "closed"),
}
# What an admin may do by hand: one step forward, or back while nothing irreversible happened.
BY_HAND = {
    "draft": ("proposals",),
    "proposals": ("draft", "review"),
    "review": ("voting",),
    "voting": ("review", "closed"),
    "published": ("implementation",),
}
# Settings that decide the outcome: frozen once a ballot exists.
FROZEN_FIELDS = ("method", "rule", "max_choices", "min_choices", "max_points", "min_spend_percent",
                 "amount")
NAME_MAX = 300
SLUG_MAX = 64


@dataclass
class CycleForm:
    """Everything an admin sets on a cycle; `envelopes` maps district id (None: city-wide) → KGS."""

    slug: str
    year: int
    name_ky: str
    name_ru: str
    name_en: str
    amount: int
    envelopes: dict[int | None, int] = field(default_factory=dict)
    dates: dict[str, datetime | None] = field(default_factory=dict)
    method: str = "knapsack"
    rule: str = "greedy"
    visibility: str = "public_live"
    max_choices: int | None = None
    min_choices: int = 0
    max_points: int | None = None
    min_spend_percent: int = 0
    support_threshold: int = 0


def validate(session: Session, form: CycleForm) -> None:
    """Raise a DomainError naming the first thing wrong with `form`."""
    if not form.slug or len(form.slug) > SLUG_MAX or not all(c.isalnum() or c == "-" for c in form.slug):
        raise DomainError("The short name may use letters, digits and dashes (at most 64).")
    if not 2000 <= form.year <= 2100:
        raise DomainError("The year must be between 2000 and 2100.")
    for lang in ("ky", "ru", "en"):
        name = getattr(form, f"name_{lang}")
        if not name.strip() or len(name) > NAME_MAX:
            raise DomainError("Give the cycle a name in Kyrgyz, Russian and English (at most 300 characters each).")
    if form.amount <= 0:
        raise DomainError("The amount must be a positive number of som.")
    if not form.envelopes:
        raise DomainError("Give the cycle at least one envelope (city-wide or for a district).")
    if any(amount <= 0 for amount in form.envelopes.values()):
        raise DomainError("Every envelope must hold a positive amount.")
    if sum(form.envelopes.values()) > form.amount:
        raise DomainError("The envelopes add up to more than the cycle's amount.")
    district_ids = [d for d in form.envelopes if d is not None]
    if district_ids and len(set(session.scalars(select(District.id).where(District.id.in_(district_ids))))) \
            != len(set(district_ids)):
        raise DomainError("An envelope names an unknown district.")
    _validate_dates(form.dates)
    _validate_rules(form)


def _validate_dates(dates: dict[str, datetime | None]) -> None:
    given = [(name, dates.get(name)) for name in DATE_FIELDS if dates.get(name) is not None]
    for (first, a), (second, b) in zip(given, given[1:]):
        if b < a:
            raise DomainError("The phase dates must be in order: proposals, review, voting, results.")
    if dates.get("voting_start") and dates.get("voting_end") and dates["voting_end"] == dates["voting_start"]:
        raise DomainError("Voting must end after it starts.")


def _validate_rules(form: CycleForm) -> None:
    if form.method not in METHODS or form.rule not in RULES or form.visibility not in VISIBILITIES:
        raise DomainError("Choose a voting method, an outcome rule and a tally visibility from the lists.")
    if form.max_choices is not None and form.max_choices <= 0:
        raise DomainError("The most projects a voter may choose must be at least 1.")
    if form.min_choices < 0 or (form.max_choices is not None and form.min_choices > form.max_choices):
        raise DomainError("The fewest projects a voter must choose cannot exceed the most.")
    if form.method == "cumulative" and not form.max_points:
        raise DomainError("Cumulative voting needs the number of points each voter spreads.")
    if form.max_points is not None and form.max_points <= 0:
        raise DomainError("The number of points must be at least 1.")
    if not 0 <= form.min_spend_percent <= 100:
        raise DomainError("The minimum spend is a percentage between 0 and 100.")
    if form.support_threshold < 0:
        raise DomainError("The support threshold cannot be negative.")


def has_ballots(session: Session, budget: Budget) -> bool:
    """Whether voting has started to count: `frozen_at` set or any ballot stored."""
    return budget.frozen_at is not None or bool(
        session.scalar(select(exists().where(Ballot.budget_id == budget.id))))


def _apply(budget: Budget, form: CycleForm) -> None:
    for name in ("slug", "year", "name_ky", "name_ru", "name_en", "amount", "method", "rule",
                 "visibility", "max_choices", "min_choices", "max_points", "min_spend_percent",
                 "support_threshold"):
        setattr(budget, name, getattr(form, name))
    for name in DATE_FIELDS:
        setattr(budget, name, form.dates.get(name))


def _slug_taken(session: Session, slug: str, budget_id: int | None) -> bool:
    other = session.scalar(select(Budget.id).where(Budget.slug == slug))
    return other is not None and other != budget_id


def create_cycle(session: Session, actor_id: int, form: CycleForm) -> Budget:
    """A new cycle in the draft phase, with its envelopes; audited."""
    validate(session, form)
    if _slug_taken(session, form.slug, None):
        raise Conflict("Another cycle already uses this short name.")
    budget = Budget(phase="draft")
    _apply(budget, form)
    session.add(budget)
    session.flush()
    for district_id, amount in form.envelopes.items():
        session.add(Envelope(budget_id=budget.id, district_id=district_id, amount=amount))
    audit.record(session, "cycle.create", actor_id, f"budget:{budget.id}", slug=form.slug,
                 amount=form.amount, envelopes={str(k): v for k, v in form.envelopes.items()})
    session.commit()
    return budget


def update_cycle(session: Session, actor_id: int, budget_id: int, form: CycleForm) -> Budget:
    """Change a cycle; outcome settings are refused once a ballot exists. Audited."""
    budget = get_cycle(session, budget_id, lock=True)  # a first ballot freezing it commits first
    validate(session, form)
    if _slug_taken(session, form.slug, budget.id):
        raise Conflict("Another cycle already uses this short name.")
    current = {e.district_id: e for e in budget.envelopes}
    envelopes_change = {d: e.amount for d, e in current.items()} != form.envelopes
    changed = [f for f in FROZEN_FIELDS if getattr(budget, f) != getattr(form, f)]
    if (changed or envelopes_change) and has_ballots(session, budget):
        raise Conflict("Ballots have been cast: the voting method, limits, rule and amounts can no longer change.")
    for district_id, envelope in current.items():
        if district_id not in form.envelopes:
            if session.scalar(select(exists().where(Project.envelope_id == envelope.id))):
                raise Conflict("An envelope that already holds projects cannot be removed.")
            session.delete(envelope)
    for district_id, amount in form.envelopes.items():
        if district_id in current:
            current[district_id].amount = amount
        else:
            session.add(Envelope(budget_id=budget.id, district_id=district_id, amount=amount))
    _apply(budget, form)
    audit.record(session, "cycle.update", actor_id, f"budget:{budget.id}", changed=changed,
                 amount=form.amount, envelopes={str(k): v for k, v in form.envelopes.items()})
    session.commit()
    return budget


def get_cycle(session: Session, budget_id: int, lock: bool = False) -> Budget:
    """Any cycle (drafts included) with its envelopes; NotFound otherwise. `lock`: its row FOR NO KEY UPDATE."""
    query = select(Budget).where(Budget.id == budget_id).options(selectinload(Budget.envelopes))
    if lock:  # and read the row as it is once locked, even if this session loaded it before
        query = query.with_for_update(of=Budget, key_share=True).execution_options(populate_existing=True)
    budget = session.scalar(query)
    if budget is None:
        raise NotFound("There is no budget with id %(id)s.", id=budget_id)
    return budget


def list_cycles(session: Session) -> list[Budget]:
    """Every cycle, newest first, drafts included (for admins)."""
    return list(session.scalars(select(Budget).order_by(Budget.year.desc(), Budget.id.desc())
                                .options(selectinload(Budget.envelopes))))


def _enter(session: Session, budget: Budget, phase: str, actor_id: int | None, how: str) -> None:
    """Move `budget` to `phase`, doing what entering it means; audited in the same transaction."""
    from .proposals import close_proposals  # the proposals feature decides who goes to review

    before = budget.phase
    budget.phase = phase
    detail = {}
    if before == "proposals" and phase == "review":
        detail = close_proposals(session, budget, actor_id)
    if phase == "closed":
        hold_ballots(session)  # the budget row is locked already: ballots in flight finish first
        detail = {"submission_keys_forgotten": forget_submission_keys(session, budget.id)}
    audit.record(session, "cycle.phase", actor_id, f"budget:{budget.id}", before=before,
                 after=phase, how=how, **detail)


def move_phase(session: Session, actor_id: int, budget_id: int, phase: str) -> Budget:
    """An admin moves a cycle by hand: one step forward, or back while that is harmless."""
    # The row FOR NO KEY UPDATE: it lets ballots in flight pass their foreign-key checks while a
    # close waits for them (hold_ballots); FOR UPDATE would deadlock with them.
    budget = get_cycle(session, budget_id, lock=True)
    if phase not in PHASES or phase not in BY_HAND.get(budget.phase, ()):
        raise Conflict("A cycle in this phase cannot move there.")
    if phase == "review" and budget.phase == "voting" and has_ballots(session, budget):
        raise Conflict("Ballots have been cast: voting cannot go back to review.")
    if phase == "proposals" and not budget.envelopes:
        raise Conflict("Give the cycle at least one envelope (city-wide or for a district).")
    _enter(session, budget, phase, actor_id, "hand")
    session.commit()
    return budget


def advance_phases(session: Session, now: datetime) -> list[tuple[int, str]]:
    """Move every cycle whose phase date has passed (several steps if several passed); audited.

    Safe to call from cron and on page loads: the rows are locked, so two workers never move
    the same cycle twice. Returns (budget id, new phase) for each move.
    """
    moved = []
    waiting = session.execute(select(Budget.phase, *[getattr(Budget, f) for f, _next in BY_DATE.values()])
                              .where(Budget.phase.in_(tuple(BY_DATE)))).all()
    if not any(getattr(row, BY_DATE[row.phase][0]) is not None and getattr(row, BY_DATE[row.phase][0]) <= now
               for row in waiting):
        return moved  # most page loads: nothing is due, so take no lock
    statement = (select(Budget).where(Budget.phase.in_(tuple(BY_DATE))).order_by(Budget.id)
                 .options(selectinload(Budget.envelopes)).with_for_update(of=Budget, key_share=True))
    locked = session.scalars(statement).all()
    if any(b.phase == "voting" and b.voting_end is not None and b.voting_end <= now for b in locked):
        # Before any move is audited: a close takes voter_roll before the audit chain's lock, as
        # ballots do (see hold_ballots), whichever cycle's move comes first in this loop.
        hold_ballots(session)
    for budget in locked:
        while budget.phase in BY_DATE:
            date_field, following = BY_DATE[budget.phase]
            due = getattr(budget, date_field)
            if due is None or due > now or (budget.phase == "draft" and not budget.envelopes):
                break
            _enter(session, budget, following, None, "date")
            moved.append((budget.id, following))
    session.commit()
    return moved
