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
import time
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget, Envelope, Project, SubmissionKey, VoterRoll, utcnow
from models.ballot import CHANNELS
from models.db import driver_row
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
                ballot_key: str, options_cache: OptionsCache | None = None,
                record: tuple[str, dict] | None = None) -> Receipt:
    """Validate and store `voter`'s ballot in one transaction (committed here); return the receipt.

    Refusals raise DomainError and leave nothing behind; a replayed `idempotency_key` returns the
    first receipt without a new revision. `record`: an audit event (action, its fields) stored
    with the ballot.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if idempotency_key is not None and not (isinstance(idempotency_key, str) and 0 < len(idempotency_key) <= KEY_MAX):
        raise DomainError("Your ballot could not be read. Please reload the page and choose again.")
    try:
        events: list[tuple[str, dict]] = []
        receipt = _cast(session, voter, budget_id, choices, channel, idempotency_key, entered_by, ballot_key,
                        options_cache, events)
        if receipt.replayed:
            session.rollback()  # only the roll's lock was taken: nothing to keep
        else:
            # The audit chain's lock comes last: every ballot and every close takes the budget row,
            # then voter_roll, then that lock, so none of them waits for another in a circle.
            for action, fields in events + ([record] if record else []):
                audit.record(session, action, **fields)
            session.commit()
        return receipt
    except BaseException:
        session.rollback()
        raise


def _cast(session, voter, budget_id, raw_choices, channel, key, entered_by, ballot_key,
          options_cache=None, events=None) -> Receipt:
    now = utcnow()
    user_id, district_id = voter.id, voter.district_id
    # Core statements on the session's own connection and transaction: no ORM layer per statement.
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        options_cache = None  # only ashar_cast_ballot() re-checks the phase as it writes
    budget, found = _open_budget(conn, voter, budget_id, district_id, now, options_cache)
    if budget.frozen_at is None:
        _freeze(session, budget, now, events if events is not None else [])
        budget, found = _open_budget(conn, voter, budget_id, district_id, now)  # the settings now locked
    home, choices = _checked(session, found, raw_choices)
    pseudonym = ballot_pseudonym(ballot_key, budget.id, user_id)
    roll_channel = _take_roll(session, budget.id, user_id, district_id, channel, entered_by, now)
    if conn.dialect.name == "postgresql":
        return _cast_in_one_trip(session, budget, roll_channel, channel, now, pseudonym, key, home, choices)
    # One round trip, after the roll's lock: the replayed receipt (if any) and the ballot this voter holds.
    stored, ballot_id, revision = conn.execute(
        _HELD, {"budget_id": budget.id, "pseudonym": pseudonym, "key": key}).one()
    if stored is not None:
        return Receipt(stored, budget.id, revision or 1, roll_channel, replayed=True)
    existing = (ballot_id, revision) if ballot_id is not None else None
    if existing is not None:
        _may_replace(budget, roll_channel, channel)
    elif roll_channel != channel:
        raise _other_channel(roll_channel)

    code = new_receipt_code()
    ballot_id, revision = _store(conn, budget.id, home, pseudonym, code, existing)
    items = sorted(choices.items())
    params = {"ballot_id": ballot_id}
    for i, (project, points) in enumerate(items):
        params[f"project_{i}"], params[f"points_{i}"] = project, points
    conn.execute(_insert_items(len(items)), params)
    if key is not None:
        # Only the day: an exact time would match the voter-roll row written in this transaction.
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        conn.execute(_INSERT_KEY, {"pseudonym": pseudonym, "key": key, "receipt_code": code, "created_at": day})
    return Receipt(code, budget.id, revision, channel)


# Plain tables: the ballot path reads and writes rows, never ORM objects, so no identity map work.
_BUDGETS, _ENVELOPES, _PROJECTS = Budget.__table__, Envelope.__table__, Project.__table__
_BALLOTS, _ITEMS, _KEYS, _ROLL = Ballot.__table__, BallotItem.__table__, SubmissionKey.__table__, VoterRoll.__table__
_BUDGET_COLUMNS = [_BUDGETS.c[name] for name in (
    "id", "phase", "voting_start", "voting_end", "frozen_at", "method", "rule", "min_choices", "max_choices",
    "max_points", "min_spend_percent", "allow_revote")]
# The budget with the voter's envelopes (city-wide and their district's) and their accepted projects.
_BALLOT_OPTIONS = (
    select(*_BUDGET_COLUMNS, _ENVELOPES.c.id.label("envelope_id"), _ENVELOPES.c.amount,
           _ENVELOPES.c.district_id.label("envelope_district"), _PROJECTS.c.id.label("project_id"),
           _PROJECTS.c.cost, _PROJECTS.c.official_cost)
    .select_from(_BUDGETS)
    .outerjoin(_ENVELOPES, and_(_ENVELOPES.c.budget_id == _BUDGETS.c.id,
                                or_(_ENVELOPES.c.district_id.is_(None),
                                    _ENVELOPES.c.district_id == bindparam("district_id"))))
    .outerjoin(_PROJECTS, and_(_PROJECTS.c.envelope_id == _ENVELOPES.c.id, _PROJECTS.c.status == "accepted",
                               _PROJECTS.c.budget_id == _BUDGETS.c.id))
    .where(_BUDGETS.c.id == bindparam("budget_id"))
    .order_by(_ENVELOPES.c.id, _PROJECTS.c.id))
_MINE = (_BALLOTS.c.budget_id == bindparam("budget_id"), _BALLOTS.c.pseudonym == bindparam("pseudonym"))
_HELD = select(
    select(_KEYS.c.receipt_code).where(_KEYS.c.pseudonym == bindparam("pseudonym"),
                                       _KEYS.c.key == bindparam("key")).scalar_subquery(),
    select(_BALLOTS.c.id).where(*_MINE).scalar_subquery(),
    select(_BALLOTS.c.revision).where(*_MINE).scalar_subquery())
# Built once: each submit only binds values (a statement built per call costs as much as running it).
_INSERT_BALLOT = insert(_BALLOTS)
_INSERT_KEY = insert(_KEYS)
_REPLACE_BALLOT = (update(_BALLOTS).where(_BALLOTS.c.id == bindparam("old_id"))
                   .values(receipt_hash=bindparam("new_hash"), revision=bindparam("new_revision"),
                           envelope_id=bindparam("new_envelope")))
_DELETE_ITEMS = delete(_ITEMS).where(_ITEMS.c.ballot_id == bindparam("old_id"))
_SQLITE_ROLL_INSERT = sqlite_insert(_ROLL)
_SQLITE_ROLL_UPSERT = _SQLITE_ROLL_INSERT.on_conflict_do_update(
    index_elements=[_ROLL.c.budget_id, _ROLL.c.user_id],
    set_={"updated_at": _SQLITE_ROLL_INSERT.excluded.updated_at,
          "district_id": _SQLITE_ROLL_INSERT.excluded.district_id},
).returning(_ROLL.c.channel)
# PostgreSQL: the same statement as plain SQL for psycopg itself (models.db.driver_row).
_PG_ROLL_UPSERT = (
    "INSERT INTO voter_roll (budget_id, user_id, district_id, channel, entered_by_id, voted_at, updated_at)"
    " VALUES (%(budget_id)s, %(user_id)s, %(district_id)s, %(channel)s, %(entered_by_id)s, %(voted_at)s,"
    " %(updated_at)s)"
    " ON CONFLICT (budget_id, user_id) DO UPDATE"
    " SET updated_at = excluded.updated_at, district_id = excluded.district_id"
    " RETURNING channel")


class OptionsCache:
    """A worker's copy of each frozen budget's ballot options, for at most `ttl` seconds.

    Every submit read the same budget, envelopes and projects; once the first ballot has frozen
    a budget's settings they hardly change, and the phase and dates that do (closing) are
    checked again as the ballot is written (ashar_cast_ballot(), PostgreSQL only). A change to
    envelopes or projects reaches submits within `ttl`, like a request already in flight would.
    """

    def __init__(self, ttl: float = 1.0, max_entries: int = 256):
        self.ttl, self.max_entries = ttl, max_entries
        self.entries: dict[tuple[int, int | None], tuple[float, object]] = {}

    def get(self, budget_id: int, district_id: int | None):
        found = self.entries.get((budget_id, district_id))
        if found is None or time.monotonic() - found[0] > self.ttl:
            return None
        return found[1]

    def put(self, budget_id: int, district_id: int | None, options) -> None:
        if len(self.entries) >= self.max_entries:
            self.entries.clear()  # simplest bound: budgets in voting are few
        self.entries[(budget_id, district_id)] = (time.monotonic(), options)


@lru_cache(maxsize=64)
def _insert_items(count: int):
    """One multi-row INSERT for `count` items, built once per size (a per-row executemany costs
    a round of the protocol per item; a statement built per call is compiled per call)."""
    return insert(_ITEMS).values([{"ballot_id": bindparam("ballot_id"), "project_id": bindparam(f"project_{i}"),
                                   "points": bindparam(f"points_{i}")} for i in range(count)])


def _open_budget(conn, voter, budget_id, district_id, now: datetime, cache=None) -> tuple:
    """The budget row and its ballot options, if `voter` may vote in it now (`ballot_form`'s checks).

    One query for the budget's settings, the voter's envelopes and their accepted projects, or
    the `cache`'s copy of it (see OptionsCache).
    """
    if isinstance(budget_id, bool) or not isinstance(budget_id, int) or not 0 < budget_id < 2**31:
        raise NotFound("There is no such budget.")
    found = cache.get(budget_id, district_id) if cache is not None else None
    if found is None:
        rows = conn.execute(_BALLOT_OPTIONS, {"budget_id": budget_id, "district_id": district_id}).all()
        found = _options_of(rows) if rows else None
        if cache is not None and found is not None and found.budget.frozen_at is not None:
            cache.put(budget_id, district_id, found)
    budget = found.budget if found is not None else None
    if budget is None or budget.phase == "draft":
        raise NotFound("There is no such budget.")
    if not voting_is_open(budget, now):
        raise Forbidden("Voting in this budget is not open.")
    if not getattr(voter, "is_verified", False):
        raise Forbidden("Only verified residents can vote. Verify your residency on your account page.")
    return budget, found


@dataclass(frozen=True)
class _Options:
    """What one voter may choose in one budget, from `_BALLOT_OPTIONS`'s rows, built once per read."""

    budget: object  # the first row: the budget's settings
    home: int | None  # the district's envelope, else the city-wide one; None: no envelope for them
    options: dict[int, Option]
    amounts: dict[int, int]
    limits: Limits


def _options_of(rows) -> _Options:
    b = rows[0]
    home = next((row.envelope_id for row in rows if row.envelope_district is not None), b.envelope_id)
    return _Options(b, home,
                    {row.project_id: Option(row.envelope_id, row.official_cost or row.cost)
                     for row in rows if row.project_id is not None},
                    {row.envelope_id: row.amount for row in rows},
                    Limits(b.method, b.min_choices or 0, b.max_choices, b.max_points, b.min_spend_percent or 0))


def _checked(session: Session, found: _Options, raw_choices) -> tuple[int, dict[int, int]]:
    """(home envelope id, choices) after every limit check."""
    if found.home is None:
        raise Forbidden("This budget has no envelope for your district.")
    choices = normalize_choices(raw_choices)
    check_ballot(found.limits, choices, found.options, found.amounts,
                 lambda envelope_id: envelope_name(session.get(Envelope, envelope_id)))
    return found.home, choices


def _freeze(session: Session, budget, now: datetime, events: list) -> None:
    """Set `frozen_at` with the first ballot; the row lock keeps settings still until we commit.

    Its audit event joins `events`, recorded once the ballot is written (the audit lock last)."""
    result = session.execute(update(_BUDGETS).where(_BUDGETS.c.id == budget.id, _BUDGETS.c.frozen_at.is_(None))
                             .values(frozen_at=now))
    if result.rowcount:
        events.append(("budget.frozen", {"actor_id": None, "target": f"budget:{budget.id}",
                                         "reason": "first ballot", "method": budget.method, "rule": budget.rule}))


def _take_roll(session: Session, budget_id, user_id, district_id, channel, entered_by, now) -> str:
    """Insert or touch the voter's roll row (locking it); return the channel it was first cast on.

    Writing to voter_roll also holds that table's ROW EXCLUSIVE lock until commit, which is what
    `hold_ballots` waits for when voting closes.
    """
    params = {"budget_id": budget_id, "user_id": user_id, "district_id": district_id, "channel": channel,
              "entered_by_id": entered_by, "voted_at": now, "updated_at": now}
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return driver_row(session, _PG_ROLL_UPSERT, params)[0]
    return conn.execute(_SQLITE_ROLL_UPSERT, params).scalar_one()


def hold_ballots(session: Session) -> None:
    """Before closing a budget (its row already locked): wait for every ballot in flight, and
    keep new ones waiting until the close commits, so none is stored after it or keeps its key.

    A ballot holds voter_roll's ROW EXCLUSIVE lock from its roll statement to its commit, and
    checks that voting is open only after that (in ashar_cast_ballot()); SHARE mode conflicts
    with it, and PostgreSQL queues table locks in order, so a close is never starved. SQLite
    runs one writer at a time, which already gives the same.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE voter_roll IN SHARE MODE"))


def _may_replace(budget: Budget, roll_channel: str, channel: str) -> None:
    if roll_channel != channel:
        raise _other_channel(roll_channel)
    if channel == "paper":
        raise _paper_recorded()
    if not budget.allow_revote:
        raise _no_revote()


def _paper_recorded() -> DomainError:
    return Conflict("This resident's paper ballot is already recorded.")


def _no_revote() -> DomainError:
    return Conflict("You have already voted in this budget, and it does not allow changing a vote.")


# PostgreSQL: after the roll's lock, the open check, the reads and the writes run in
# ashar_cast_ballot() (migration 0002), one round trip; same steps and refusals as _cast's
# statements. It never receives the voter's id: only their pseudonym.
_CAST = (
    "SELECT * FROM ashar_cast_ballot(%(budget)s::integer, %(channel)s::text, %(first_channel)s::text,"
    " %(now)s::timestamptz, %(pseudonym)s::text, %(key)s::text, %(code)s::text, %(digest)s::text,"
    " %(new_id)s::text, %(envelope)s::integer, %(allow_revote)s::boolean, %(projects)s::integer[],"
    " %(points)s::integer[], %(key_day)s::timestamptz)")


def _cast_in_one_trip(session, budget, first_channel, channel, now, pseudonym, key, home, choices) -> Receipt:
    code = new_receipt_code()
    items = sorted(choices.items())
    outcome, receipt, revision = driver_row(session, _CAST, {
        "budget": budget.id, "channel": channel, "first_channel": first_channel, "now": now,
        "pseudonym": pseudonym, "key": key, "code": code,
        "digest": receipt_hash(code), "new_id": secrets.token_hex(16), "envelope": home,
        "allow_revote": bool(budget.allow_revote), "projects": [p for p, _n in items],
        "points": [n for _p, n in items],
        # Only the day: an exact time would match the voter-roll row written in this transaction.
        "key_day": now.replace(hour=0, minute=0, second=0, microsecond=0)})
    if outcome == "closed":
        raise Forbidden("Voting in this budget is not open.")
    if outcome == "other_channel":
        raise _other_channel(first_channel)
    if outcome == "paper_recorded":
        raise _paper_recorded()
    if outcome == "no_revote":
        raise _no_revote()
    return Receipt(receipt, budget.id, revision, first_channel if outcome == "replayed" else channel,
                   replayed=outcome == "replayed")


def _other_channel(roll_channel: str) -> DomainError:
    if roll_channel == "paper":
        return Conflict("A paper ballot is already recorded for you in this budget, so you cannot vote online.")
    return Conflict("This resident has already voted online in this budget.")


def _store(conn, budget_id, envelope_id, pseudonym, code, existing) -> tuple[str, int]:
    """Insert the ballot, or replace the existing one's receipt and items (a new revision)."""
    digest = receipt_hash(code)
    if existing is None:
        ballot_id = secrets.token_hex(16)
        conn.execute(_INSERT_BALLOT, {"id": ballot_id, "budget_id": budget_id, "envelope_id": envelope_id,
                                      "pseudonym": pseudonym, "receipt_hash": digest, "revision": 1})
        return ballot_id, 1
    ballot_id, revision = existing
    conn.execute(_REPLACE_BALLOT, {"old_id": ballot_id, "new_hash": digest, "new_revision": revision + 1,
                                   "new_envelope": envelope_id})
    conn.execute(_DELETE_ITEMS, {"old_id": ballot_id})
    return ballot_id, revision + 1


def forget_submission_keys(session: Session, budget_id: int) -> int:
    """Drop a budget's idempotency keys, with the plain receipt codes they keep; how many went.

    They only serve a retried submit while voting is open. Kept afterwards, they would leave every
    voter's receipt code in the database beside their pseudonym, which the code's owner alone
    should hold. Called as voting closes, in that transaction.
    """
    mine = select(_BALLOTS.c.pseudonym).where(_BALLOTS.c.budget_id == budget_id)  # pseudonyms are per budget
    return session.execute(delete(_KEYS).where(_KEYS.c.pseudonym.in_(mine))).rowcount


def roll_entry(session: Session, voter, budget_id: int) -> VoterRoll | None:
    """The voter's own roll row in a budget (whether, when and how they voted), if any."""
    return session.scalar(select(VoterRoll).where(VoterRoll.budget_id == budget_id,
                                                  VoterRoll.user_id == voter.id))
