"""Casting a ballot: one transaction that checks who may vote on what, then stores it race-proof.

A voter holds one ballot per budget. It covers the city-wide envelope and the envelope of the
voter's own district (each with its own knapsack limit); `Ballot.envelope_id` records the home
envelope (the district's when the budget has one, else the city-wide one).

Race-proofing: the voter-roll row is written first with INSERT … ON CONFLICT DO UPDATE, which on
PostgreSQL takes that row's lock until commit, so concurrent submissions of one voter take turns
and each sees the previous one's committed ballot; the unique constraints (roll: budget+user,
ballots: budget+pseudonym) stay the last word.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, delete, insert, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget, Envelope, Project, SubmissionKey, VoterRoll, utcnow
from models.ballot import CHANNELS
from translations import _, get_locale

from . import audit
from .ballot_limits import Limits, Option, check_ballot, normalize_choices
from .errors import Conflict, DomainError, Forbidden, NotFound
from .keys import ballot_pseudonym, new_receipt_code, receipt_hash

KEY_MAX = 64  # SubmissionKey.key


@dataclass(frozen=True)
class Receipt:
    """What the voter is shown once: the receipt code, and which revision of their ballot it is."""

    code: str
    budget_id: int
    revision: int
    channel: str
    replayed: bool = False  # the same idempotency key was seen: nothing new was stored


@dataclass
class BallotForm:
    """What one voter may vote on in one budget: its open envelopes and accepted projects."""

    budget: Budget
    envelopes: list[Envelope]
    projects: list[Project] = field(default_factory=list)

    @property
    def home_envelope_id(self) -> int:
        """The voter's district envelope when the budget has one, else the city-wide one."""
        district = [e for e in self.envelopes if e.district_id is not None]
        return (district or self.envelopes)[0].id

    def limits(self) -> Limits:
        """The budget's ballot settings as plain data."""
        b = self.budget
        return Limits(b.method, b.min_choices or 0, b.max_choices, b.max_points, b.min_spend_percent or 0)

    def envelope_name(self, envelope_id: int) -> str:
        """How the reader names an envelope (only looked up when a message needs it)."""
        return next((envelope_name(e) for e in self.envelopes if e.id == envelope_id), "")


def envelope_name(envelope: Envelope) -> str:
    """"City-wide" or the district's name, in the reader's language."""
    if envelope.district is None:
        return _("the whole city")
    return envelope.district.text("name", get_locale())


def voting_is_open(budget: Budget, now: datetime | None = None) -> bool:
    """The phase is `voting` and now lies within the voting dates (an unset date is no bound)."""
    now = now or utcnow()
    return (budget.phase == "voting"
            and (budget.voting_start is None or budget.voting_start <= now)
            and (budget.voting_end is None or now <= budget.voting_end))


def open_budgets(session: Session, now: datetime | None = None) -> list[Budget]:
    """Budgets whose voting is open now, newest first."""
    budgets = session.scalars(select(Budget).where(Budget.phase == "voting")
                              .order_by(Budget.year.desc(), Budget.id.desc())).all()
    return [b for b in budgets if voting_is_open(b, now)]


def ballot_form(session: Session, voter, budget_id: int, now: datetime | None = None) -> BallotForm:
    """Check that `voter` may vote in the budget now; return what they may vote on."""
    if isinstance(budget_id, bool) or not isinstance(budget_id, int) or not 0 < budget_id < 2**31:
        raise NotFound("There is no such budget.")
    budget = session.get(Budget, budget_id)
    if budget is None or budget.phase == "draft":
        raise NotFound("There is no such budget.")
    return _form_for(session, voter, budget, now)


def _form_for(session: Session, voter, budget: Budget, now: datetime | None) -> BallotForm:
    if not voting_is_open(budget, now):
        raise Forbidden("Voting in this budget is not open.")
    if not getattr(voter, "is_verified", False):
        raise Forbidden("Only verified residents can vote. Verify your residency on your account page.")
    envelopes = [e for e in budget.envelopes if e.district_id in (None, voter.district_id)]
    if not envelopes:
        raise Forbidden("This budget has no envelope for your district.")
    projects = session.scalars(
        select(Project).where(Project.budget_id == budget.id, Project.status == "accepted",
                              Project.envelope_id.in_([e.id for e in envelopes]))
        .order_by(Project.envelope_id, Project.id)).all()
    return BallotForm(budget, envelopes, list(projects))


def check_choices(form: BallotForm, raw_choices) -> dict[int, int]:
    """The voter's choices as project id → points, or a DomainError naming the broken limit."""
    choices = normalize_choices(raw_choices)
    options = {p.id: Option(p.envelope_id, p.ballot_cost) for p in form.projects}
    amounts = {e.id: e.amount for e in form.envelopes}
    check_ballot(form.limits(), choices, options, amounts, form.envelope_name)
    return choices


def cast_ballot(session: Session, voter, budget_id: int, choices, *, channel: str = "online",
                idempotency_key: str | None = None, entered_by: int | None = None,
                ballot_key: str) -> Receipt:
    """Validate and store `voter`'s ballot in one transaction (committed here); return the receipt.

    Refusals raise DomainError and leave nothing behind; a replayed `idempotency_key` returns the
    first receipt without a new revision.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if idempotency_key is not None and not (isinstance(idempotency_key, str) and 0 < len(idempotency_key) <= KEY_MAX):
        raise DomainError("Your ballot could not be read. Please reload the page and choose again.")
    try:
        receipt = _cast(session, voter, budget_id, choices, channel, idempotency_key, entered_by, ballot_key)
        if receipt.replayed:
            session.rollback()  # only the roll's lock was taken: nothing to keep
        else:
            session.commit()
        return receipt
    except BaseException:
        session.rollback()
        raise


def _cast(session, voter, budget_id, raw_choices, channel, key, entered_by, ballot_key) -> Receipt:
    now = utcnow()
    user_id, district_id = voter.id, voter.district_id
    budget = _open_budget(session, voter, budget_id, now)
    if budget.frozen_at is None:
        _freeze(session, budget, now, entered_by or user_id)
        _open_budget(session, voter, budget_id, now)  # validate against the settings now locked
    home, choices = _checked(session, budget, district_id, raw_choices)
    pseudonym = ballot_pseudonym(ballot_key, budget.id, user_id)

    roll_channel = _take_roll(session, budget.id, user_id, district_id, channel, entered_by, now)
    mine = (Ballot.budget_id == budget.id, Ballot.pseudonym == pseudonym)
    stored_code = (select(SubmissionKey.receipt_code)
                   .where(SubmissionKey.pseudonym == pseudonym, SubmissionKey.key == key).scalar_subquery()
                   if key is not None else literal(None))
    # One round trip: the replayed receipt (if any) and the ballot this voter already holds.
    stored, ballot_id, revision = session.execute(select(
        stored_code, select(Ballot.id).where(*mine).scalar_subquery(),
        select(Ballot.revision).where(*mine).scalar_subquery())).one()
    if stored is not None:
        return Receipt(stored, budget.id, revision or 1, roll_channel, replayed=True)
    existing = (ballot_id, revision) if ballot_id is not None else None
    if existing is not None:
        _may_replace(budget, roll_channel, channel)
    elif roll_channel != channel:
        raise _other_channel(roll_channel)

    code = new_receipt_code()
    ballot_id, revision = _store(session, budget.id, home, pseudonym, code, existing)
    session.execute(insert(BallotItem), [
        {"ballot_id": ballot_id, "project_id": p, "points": n} for p, n in sorted(choices.items())])
    if key is not None:
        session.execute(insert(SubmissionKey), [
            {"pseudonym": pseudonym, "key": key, "receipt_code": code, "created_at": now}])
    return Receipt(code, budget.id, revision, channel)


def _open_budget(session: Session, voter, budget_id, now: datetime) -> Budget:
    """The budget, if `voter` may vote in it now (the same checks as `ballot_form`, without loading projects)."""
    if isinstance(budget_id, bool) or not isinstance(budget_id, int) or not 0 < budget_id < 2**31:
        raise NotFound("There is no such budget.")
    budget = session.get(Budget, budget_id, populate_existing=True)
    if budget is None or budget.phase == "draft":
        raise NotFound("There is no such budget.")
    if not voting_is_open(budget, now):
        raise Forbidden("Voting in this budget is not open.")
    if not getattr(voter, "is_verified", False):
        raise Forbidden("Only verified residents can vote. Verify your residency on your account page.")
    return budget


def _checked(session: Session, budget: Budget, district_id: int, raw_choices) -> tuple[int, dict[int, int]]:
    """(home envelope id, choices) after every limit check; one query for envelopes and projects."""
    rows = session.execute(
        select(Envelope.id, Envelope.amount, Envelope.district_id, Project.id, Project.cost, Project.official_cost)
        .select_from(Envelope)
        .outerjoin(Project, and_(Project.envelope_id == Envelope.id, Project.status == "accepted",
                                 Project.budget_id == budget.id))
        .where(Envelope.budget_id == budget.id,
               or_(Envelope.district_id.is_(None), Envelope.district_id == district_id))).all()
    if not rows:
        raise Forbidden("This budget has no envelope for your district.")
    amounts = {row[0]: row[1] for row in rows}
    options = {pid: Option(eid, official or cost) for eid, _a, _d, pid, cost, official in rows if pid is not None}
    home = next((row[0] for row in rows if row[2] is not None), rows[0][0])  # the district's, else city-wide
    choices = normalize_choices(raw_choices)
    check_ballot(Limits(budget.method, budget.min_choices or 0, budget.max_choices, budget.max_points,
                        budget.min_spend_percent or 0), choices, options, amounts,
                 lambda envelope_id: envelope_name(session.get(Envelope, envelope_id)))
    return home, choices


def _freeze(session: Session, budget: Budget, now: datetime, actor_id: int) -> None:
    """Set `frozen_at` with the first ballot; the row lock keeps settings still until we commit."""
    result = session.execute(update(Budget).where(Budget.id == budget.id, Budget.frozen_at.is_(None))
                             .values(frozen_at=now).execution_options(synchronize_session=False))
    session.refresh(budget)
    if result.rowcount:
        audit.record(session, "budget.frozen", actor_id=None, target=f"budget:{budget.id}",
                     reason="first ballot", method=budget.method, rule=budget.rule)


def _take_roll(session, budget_id, user_id, district_id, channel, entered_by, now) -> str:
    """Insert or touch the voter's roll row (locking it); return the channel it was first cast on."""
    dialect = session.get_bind().dialect.name
    make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = VoterRoll.__table__
    stmt = make_insert(table).values(
        budget_id=budget_id, user_id=user_id, district_id=district_id, channel=channel,
        entered_by_id=entered_by, voted_at=now, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.budget_id, table.c.user_id],
        set_={"updated_at": stmt.excluded.updated_at, "district_id": stmt.excluded.district_id},
    ).returning(table.c.channel)
    return session.execute(stmt).scalar_one()


def _may_replace(budget: Budget, roll_channel: str, channel: str) -> None:
    if roll_channel != channel:
        raise _other_channel(roll_channel)
    if channel == "paper":
        raise Conflict("This resident's paper ballot is already recorded.")
    if not budget.allow_revote:
        raise Conflict("You have already voted in this budget, and it does not allow changing a vote.")


def _other_channel(roll_channel: str) -> DomainError:
    if roll_channel == "paper":
        return Conflict("A paper ballot is already recorded for you in this budget, so you cannot vote online.")
    return Conflict("This resident has already voted online in this budget.")


def _store(session, budget_id, envelope_id, pseudonym, code, existing) -> tuple[str, int]:
    """Insert the ballot, or replace the existing one's receipt and items (a new revision)."""
    digest = receipt_hash(code)
    if existing is None:
        ballot_id = secrets.token_hex(16)
        session.execute(insert(Ballot), [{"id": ballot_id, "budget_id": budget_id, "envelope_id": envelope_id,
                                          "pseudonym": pseudonym, "receipt_hash": digest, "revision": 1}])
        return ballot_id, 1
    ballot_id, revision = existing
    session.execute(update(Ballot).where(Ballot.id == ballot_id)
                    .values(receipt_hash=digest, revision=revision + 1, envelope_id=envelope_id)
                    .execution_options(synchronize_session=False))
    session.execute(delete(BallotItem).where(BallotItem.ballot_id == ballot_id)
                    .execution_options(synchronize_session=False))
    return ballot_id, revision + 1


def roll_entry(session: Session, voter, budget_id: int) -> VoterRoll | None:
    """The voter's own roll row in a budget (whether, when and how they voted), if any."""
    return session.scalar(select(VoterRoll).where(VoterRoll.budget_id == budget_id,
                                                  VoterRoll.user_id == voter.id))
