"""cast_ballot: eligibility, every method's limits, revotes, idempotency, channels, freeze, secrecy."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from models import AuditEvent, Ballot, BallotItem, Budget, SubmissionKey, VoterRoll, utcnow
from services.ballots import cast_ballot
from services.errors import DomainError
from services.keys import receipt_hash
from tests import factories as f

KEY = "test-ballot"


@pytest.fixture
def world(session):
    """Two districts; a knapsack budget with a city-wide envelope (10M) and one for district A (3M)."""
    a, b = f.district(session, "osh-a"), f.district(session, "osh-b")
    budget = f.budget(session, method="knapsack", amount=13_000_000)
    city = f.envelope(session, budget, amount=10_000_000)
    env_a = f.envelope(session, budget, amount=3_000_000, district_id=a.id)
    env_b = f.envelope(session, budget, amount=3_000_000, district_id=b.id)
    p = {
        "big": f.project(session, budget, city, cost=6_000_000),
        "mid": f.project(session, budget, city, cost=4_000_000),
        "small": f.project(session, budget, city, cost=1_000_000),
        "a": f.project(session, budget, env_a, cost=2_000_000, district_id=a.id),
        "b": f.project(session, budget, env_b, cost=2_000_000, district_id=b.id),
        "rejected": f.project(session, budget, city, cost=1_000_000, status="rejected"),
    }
    voter = f.user(session, district_id=a.id)
    session.commit()
    return dict(budget=budget, city=city, env_a=env_a, a=a, b=b, p=p, voter=voter)


def cast(session, voter, budget, choices, **kw):
    return cast_ballot(session, voter, budget.id, choices, ballot_key=KEY, **kw)


def counts(session):
    return tuple(session.scalar(select(func.count()).select_from(m))
                 for m in (VoterRoll, Ballot, BallotItem, SubmissionKey))


def stored_choices(session, budget_id):
    rows = session.execute(select(Ballot.receipt_hash, BallotItem.project_id, BallotItem.points)
                           .join(BallotItem).where(Ballot.budget_id == budget_id))
    return {(h, p, n) for h, p, n in rows}


def test_a_verified_voter_casts_a_knapsack_ballot_and_gets_a_receipt(session, world):
    p = world["p"]
    receipt = cast(session, world["voter"], world["budget"], [p["big"].id, p["a"].id])
    assert receipt.revision == 1 and receipt.channel == "online"
    assert stored_choices(session, world["budget"].id) == {
        (receipt_hash(receipt.code), p["big"].id, 1), (receipt_hash(receipt.code), p["a"].id, 1)}
    roll = session.scalar(select(VoterRoll))
    assert (roll.user_id, roll.district_id, roll.channel) == (world["voter"].id, world["a"].id, "online")


def refuse(session, world, choices, message, voter=None, budget=None, **kw):
    before = counts(session)
    with pytest.raises(DomainError, match=message):
        cast(session, voter or world["voter"], budget or world["budget"], choices, **kw)
    assert counts(session) == before, "a refused ballot must write nothing"


def test_knapsack_refusals_write_nothing(session, world):
    p = world["p"]
    refuse(session, world, [p["big"].id, p["mid"].id, p["small"].id], "more than the 10000000 available")
    refuse(session, world, [p["b"].id], "not on your ballot")  # another district's envelope
    refuse(session, world, [p["rejected"].id], "not on your ballot")
    refuse(session, world, [], "at least 1 project")
    refuse(session, world, {p["big"].id: 2}, "Mark each project once")
    refuse(session, world, ["x"], "could not be read")
    refuse(session, world, "12", "could not be read")
    refuse(session, world, [True], "could not be read")


def test_a_project_of_another_budget_is_refused(session, world):
    other = f.budget(session, slug="other")
    project = f.project(session, other, f.envelope(session, other))
    session.commit()
    refuse(session, world, [project.id], "not on your ballot")


def test_knapsack_minimum_spend_only_while_more_projects_fit(session, world):
    world["budget"].min_spend_percent = 50
    session.commit()
    p = world["p"]
    refuse(session, world, [p["small"].id, p["a"].id], "spend at least 5000000")
    # 6M of 10M city-wide; 2M of 3M in the district: both halves meet 50 %.
    assert cast(session, world["voter"], world["budget"], [p["big"].id, p["a"].id]).revision == 1


def test_minimum_spend_yields_when_nothing_else_fits(session, world):
    world["budget"].min_spend_percent = 90
    session.commit()
    p = world["p"]
    # 6M + 1M city-wide: the 4M project no longer fits, so 70 % is as far as this ballot can go.
    cast(session, world["voter"], world["budget"], [p["big"].id, p["small"].id, p["a"].id])


def test_approval_up_to_k(session, world):
    budget, p = world["budget"], world["p"]
    budget.method, budget.max_choices, budget.min_choices = "approval", 2, 0
    session.commit()
    refuse(session, world, [p["big"].id, p["mid"].id, p["small"].id], "at most 2 projects")
    # Approval ignores cost: 6M + 4M is fine.
    assert cast(session, world["voter"], budget, [p["big"].id, p["mid"].id]).revision == 1


def test_approval_minimum_choices(session, world):
    budget, p = world["budget"], world["p"]
    budget.method, budget.max_choices, budget.min_choices = "approval", 3, 2
    session.commit()
    refuse(session, world, [p["big"].id], "at least 2 project")


def test_cumulative_spreads_at_most_n_points(session, world):
    budget, p = world["budget"], world["p"]
    budget.method, budget.max_points = "cumulative", 5
    session.commit()
    refuse(session, world, {p["big"].id: 4, p["a"].id: 2}, "spread 6 points; you have 5")
    refuse(session, world, {p["big"].id: -1}, "could not be read")
    refuse(session, world, {p["big"].id: 1.5}, "could not be read")
    receipt = cast(session, world["voter"], budget, {str(p["big"].id): 3, p["a"].id: 2})
    assert {(pid, n) for _h, pid, n in stored_choices(session, budget.id)} == {(p["big"].id, 3), (p["a"].id, 2)}
    assert receipt.revision == 1


@pytest.mark.parametrize("change", [
    {"phase": "proposals"}, {"phase": "closed"},
    {"voting_end": utcnow() - timedelta(minutes=1)}, {"voting_start": utcnow() + timedelta(hours=1)},
])
def test_no_ballot_outside_the_voting_window(session, world, change):
    for name, value in change.items():
        setattr(world["budget"], name, value)
    session.commit()
    refuse(session, world, [world["p"]["small"].id], "not open")


def test_unverified_and_districtless_voters_are_refused(session, world):
    unverified = f.user(session, verified=False, district_id=world["a"].id)
    no_district = f.user(session, district_id=None)
    session.commit()
    for voter in (unverified, no_district):
        refuse(session, world, [world["p"]["small"].id], "Only verified residents", voter=voter)


def test_unknown_budget(session, world):
    refuse(session, world, [1], "no such budget", budget=Budget(id=999_999))


def test_revote_replaces_the_ballot_with_a_new_receipt(session, world):
    p = world["p"]
    first = cast(session, world["voter"], world["budget"], [p["big"].id])
    second = cast(session, world["voter"], world["budget"], [p["mid"].id, p["a"].id])
    assert second.revision == 2 and second.code != first.code
    hashes = {h for h, _p, _n in stored_choices(session, world["budget"].id)}
    assert hashes == {receipt_hash(second.code)}, "the old receipt leaves the bulletin"
    assert {pid for _h, pid, _n in stored_choices(session, world["budget"].id)} == {p["mid"].id, p["a"].id}
    assert counts(session)[:2] == (1, 1)


def test_no_revote_when_the_budget_forbids_it(session, world):
    world["budget"].allow_revote = False
    session.commit()
    cast(session, world["voter"], world["budget"], [world["p"]["big"].id])
    refuse(session, world, [world["p"]["mid"].id], "does not allow changing")


def test_the_same_idempotency_key_returns_the_same_receipt(session, world):
    p = world["p"]
    first = cast(session, world["voter"], world["budget"], [p["big"].id], idempotency_key="k1")
    again = cast(session, world["voter"], world["budget"], [p["big"].id], idempotency_key="k1")
    assert (again.code, again.revision, again.replayed) == (first.code, 1, True)
    assert session.scalar(select(Ballot.revision)) == 1
    assert cast(session, world["voter"], world["budget"], [p["mid"].id], idempotency_key="k2").revision == 2


def test_paper_and_online_exclude_each_other(session, world):
    p, voter = world["p"], world["voter"]
    moderator = f.user(session, role="moderator", verified=False)
    session.commit()
    cast(session, voter, world["budget"], [p["big"].id], channel="paper", entered_by=moderator.id)
    refuse(session, world, [p["mid"].id], "paper ballot is already recorded")
    refuse(session, world, [p["mid"].id], "paper ballot is already recorded", channel="paper",
           entered_by=moderator.id)
    other = f.user(session, district_id=world["a"].id)
    session.commit()
    cast(session, other, world["budget"], [p["big"].id])
    refuse(session, world, [p["mid"].id], "already voted online", voter=other, channel="paper",
           entered_by=moderator.id)


def test_the_first_ballot_freezes_the_budget_once(session, world):
    assert world["budget"].frozen_at is None
    cast(session, world["voter"], world["budget"], [world["p"]["big"].id])
    session.expire_all()
    frozen = session.get(Budget, world["budget"].id).frozen_at
    assert frozen is not None
    cast(session, world["voter"], world["budget"], [world["p"]["mid"].id])
    session.expire_all()
    assert session.get(Budget, world["budget"].id).frozen_at == frozen
    assert session.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "budget.frozen")) == 1


def test_a_refused_first_ballot_does_not_freeze(session, world):
    refuse(session, world, [world["p"]["b"].id], "not on your ballot")
    session.expire_all()
    assert session.get(Budget, world["budget"].id).frozen_at is None


def test_ballots_table_names_nobody_and_carries_no_time(session):
    columns = {c["name"] for c in inspect(session.get_bind()).get_columns("ballots")}
    assert not {"user_id", "voter_id", "created_at", "voted_at", "updated_at"} & columns
    assert columns == {"id", "budget_id", "envelope_id", "pseudonym", "receipt_hash", "revision"}
    item_columns = {c["name"] for c in inspect(session.get_bind()).get_columns("ballot_items")}
    assert item_columns == {"ballot_id", "project_id", "points"}


def test_fifty_concurrent_submissions_leave_one_ballot(session, world, db_url):
    """50 threads, each its own session, submit for one voter at once (PostgreSQL: real row locks)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's concurrency; SQLite serialises whole transactions")
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier
    from types import SimpleNamespace

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    p = world["p"]
    # A detached copy: loading it inside each thread would hold a pooled connection at the barrier.
    voter = SimpleNamespace(id=world["voter"].id, district_id=world["a"].id, is_verified=True)
    options = [[p["big"].id], [p["mid"].id, p["a"].id], [p["small"].id], [p["big"].id, p["small"].id]]
    barrier = Barrier(50)
    # Ten connections at most: the test server is shared, and 50 threads still queue on one row.
    engine = create_engine(db_url, pool_size=10, max_overflow=0, pool_timeout=120)
    sessions = sessionmaker(engine)

    def submit(i):
        barrier.wait(timeout=60)
        with sessions() as s:
            return cast_ballot(s, voter, world["budget"].id, options[i % 4], ballot_key=KEY)

    with ThreadPoolExecutor(50) as pool:
        receipts = list(pool.map(submit, range(50)))  # any exception would surface here
    engine.dispose()
    assert sorted(r.revision for r in receipts) == list(range(1, 51)), "each submission a revision of its own"
    last = max(receipts, key=lambda r: r.revision)
    session.expire_all()
    assert counts(session)[:2] == (1, 1)
    ballot = session.scalar(select(Ballot))
    assert (ballot.revision, ballot.receipt_hash) == (50, receipt_hash(last.code))
    last_choices = options[receipts.index(last) % 4]
    assert sorted(i.project_id for i in ballot.items) == sorted(last_choices)


def test_cached_options_never_let_a_ballot_in_after_voting_closes(session, world):
    """The options cache may be up to a second old; closing is still checked as the ballot is written."""
    from services.ballots import OptionsCache

    cache = OptionsCache(ttl=3600)  # as stale as it gets
    p = world["p"]
    cast(session, world["voter"], world["budget"], [p["big"].id], options_cache=cache)  # freezes the budget
    cast(session, world["voter"], world["budget"], [p["mid"].id], options_cache=cache)  # cached from now on
    budget = session.get(Budget, world["budget"].id)
    budget.phase = "closed"
    session.commit()
    refuse(session, world, [p["small"].id], "not open", options_cache=cache)
    assert {n for _h, n, _p in stored_choices(session, budget.id)} == {p["mid"].id}


def test_closing_voting_forgets_that_budgets_submission_keys_only(session, world):
    """Plain receipt codes kept for retries must not outlive voting; other budgets keep theirs."""
    from services import cycles

    p = world["p"]
    other = f.budget(session, method="approval", max_choices=2)
    other_project = f.project(session, other, f.envelope(session, other))
    admin = f.user(session, role="admin")
    session.commit()
    cast(session, world["voter"], world["budget"], [p["big"].id], idempotency_key="k1")
    cast(session, world["voter"], world["budget"], [p["mid"].id], idempotency_key="k2")
    kept = cast(session, world["voter"], other, [other_project.id], idempotency_key="k3")
    cycles.move_phase(session, admin.id, world["budget"].id, "closed")
    assert session.scalars(select(SubmissionKey.receipt_code)).all() == [kept.code]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "cycle.phase")
                            .order_by(AuditEvent.id.desc())).first()
    assert event.detail["submission_keys_forgotten"] == 2


@pytest.mark.parametrize("close_by", ["move_phase", "close_voting"])
def test_a_close_waits_for_ballots_in_flight_and_no_key_outlives_it(session, world, db_url, close_by):
    """One submit is mid-transaction, a second (same voter) waits on the roll lock, an admin closes.

    Both submits began while voting was open, so the close waits for them (they hold the budget
    row FOR SHARE), then forgets every key, theirs included; a submit after the close is refused.
    """
    if not db_url.startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's row locks; SQLite serialises whole transactions")
    import threading
    import time
    from types import SimpleNamespace

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from services import ballots, cycles, results

    p = world["p"]
    admin = f.user(session, role="admin")
    session.commit()
    cast(session, world["voter"], world["budget"], [p["big"].id])  # freezes the budget
    voter = SimpleNamespace(id=world["voter"].id, district_id=world["a"].id, is_verified=True)
    engine = create_engine(db_url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    budget_id, outcome = world["budget"].id, {}

    first = sessions()
    ballots._cast(first, voter, budget_id, [p["mid"].id], "online", "k1", None, KEY)  # not committed yet

    def second():
        with sessions() as s:
            outcome["second"] = cast_ballot(s, voter, budget_id, [p["small"].id], idempotency_key="k2",
                                            ballot_key=KEY)

    def close():
        with sessions() as s:
            if close_by == "move_phase":
                cycles.move_phase(s, admin.id, budget_id, "closed")
            else:
                results.close_voting(s, s.get(type(admin), admin.id), budget_id)

    waiting = threading.Thread(target=second)
    waiting.start()
    time.sleep(0.5)  # the second submit now waits on the voter's roll lock
    closer = threading.Thread(target=close)
    closer.start()
    time.sleep(0.5)
    assert closer.is_alive(), "closing must wait for the ballots in flight"
    first.commit()
    first.close()
    waiting.join(10)
    closer.join(10)
    engine.dispose()
    assert outcome["second"].revision == 3
    session.expire_all()
    assert session.get(Budget, budget_id).phase == "closed"
    assert session.scalars(select(SubmissionKey)).all() == [], "no plain receipt code outlives voting"
    ballot = session.scalar(select(Ballot).where(Ballot.budget_id == budget_id))
    assert [i.project_id for i in ballot.items] == [p["small"].id]
    refuse(session, world, [p["mid"].id], "not open")


@pytest.mark.parametrize("close_by", ["move_phase", "close_voting"])
def test_closing_under_a_stream_of_ballots_neither_deadlocks_nor_keeps_a_key(session, world, db_url, close_by):
    """Eight voters keep submitting while an admin closes: every stream ends with the close's
    refusal (no deadlock, no other error) and no submission key survives."""
    if not db_url.startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's row locks; SQLite serialises whole transactions")
    import threading
    import time
    from types import SimpleNamespace

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from services import cycles, results
    from services.ballots import OptionsCache

    p = world["p"]
    admin = f.user(session, role="admin")
    voters = [SimpleNamespace(id=f.user(session, district_id=world["a"].id).id, district_id=world["a"].id,
                              is_verified=True) for _ in range(8)]
    session.commit()
    engine = create_engine(db_url, pool_size=10)
    sessions = sessionmaker(engine, expire_on_commit=False)
    budget_id, cache, ends = world["budget"].id, OptionsCache(), {}

    def stream(voter):
        n = 0
        while True:
            n += 1
            with sessions() as s:
                try:
                    cast_ballot(s, voter, budget_id, [p["small"].id], idempotency_key=f"{voter.id}-{n}",
                                ballot_key=KEY, options_cache=cache)
                except DomainError as error:
                    ends[voter.id] = error.message
                    return
                except Exception as error:  # a deadlock or anything else fails the test below
                    ends[voter.id] = repr(error)
                    return

    threads = [threading.Thread(target=stream, args=(v,)) for v in voters]
    for t in threads:
        t.start()
    time.sleep(0.5)
    with sessions() as s:
        if close_by == "move_phase":
            cycles.move_phase(s, admin.id, budget_id, "closed")
        else:
            results.close_voting(s, s.get(type(admin), admin.id), budget_id)
    for t in threads:
        t.join(20)
    engine.dispose()
    assert set(ends.values()) == {"Voting in this budget is not open."}
    session.expire_all()
    assert session.scalars(select(SubmissionKey)).all() == []
    assert session.scalar(select(func.count()).select_from(Ballot)) == len(voters)
