"""The demo a first start loads: every phase visible, secret ballots, census as HMACs, idempotent.

Seeding takes a couple of seconds, so each database is seeded once (through `ashar seed-demo`,
as a user would) and one test looks at everything a visitor, a resident or staff would see.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

from sqlalchemy import func, select, text

from cli.demo import seed_demo_command
from models import (ActionPlan, AuditEvent, Ballot, BallotItem, Base, Budget, CensusEntry, District,
                    ImplementationUpdate, Project, ProjectStatusEvent, ResultSnapshot, Support, User,
                    VoterRoll, utcnow)
from models.project import CATEGORIES
from services.audit import verify_chain
from services.demo import CENSUS_CSV
from services.keys import ballot_pseudonym, census_entry_hmac, census_person_hmac
from services.passwords import verify_password

LANGS = ("ky", "ru", "en")


def _counts(session) -> dict[str, int]:
    return {t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables}


def _budget(session, slug) -> Budget:
    return session.scalar(select(Budget).where(Budget.slug == slug))


def _ballots(session, budget) -> dict[str, list[int]]:
    """Project ids per ballot id."""
    choices = defaultdict(list)
    for ballot_id, project_id in session.execute(
            select(BallotItem.ballot_id, BallotItem.project_id).join(Ballot)
            .where(Ballot.budget_id == budget.id)):
        choices[ballot_id].append(project_id)
    return choices


def test_census_csv_is_a_plausible_roll():
    with CENSUS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert 15 <= len(rows) <= 30
    assert list(rows[0]) == ["personal_number", "birth_date", "district_code"]
    for row in rows:
        # Kyrgyz personal numbers: sex digit, birth date as DDMMYYYY, five more digits
        assert re.fullmatch(r"[12]\d{13}", row["personal_number"])
        y, m, d = row["birth_date"].split("-")
        assert row["personal_number"][1:9] == d + m + y
    assert len({r["personal_number"] for r in rows}) == len(rows)


def test_demo_seed_shows_every_phase_and_repeats_harmlessly(server, session):
    runner = server.test_cli_runner()
    first = runner.invoke(seed_demo_command)
    assert first.exit_code == 0, first.output
    before = _counts(session)

    again = runner.invoke(seed_demo_command)
    assert again.exit_code == 0, again.output
    assert again.output == first.output  # same accounts, same TOTP secrets
    assert _counts(session) == before

    keys = server.config
    _check_districts_and_plan(session)
    _check_accounts(session, first.output, keys["CENSUS_KEY"])
    _check_census(session, keys["CENSUS_KEY"])
    assert {b.slug: b.phase for b in session.scalars(select(Budget))} == {
        "osh-2025": "published", "osh-2026": "voting", "osh-2027": "proposals"}
    _check_published_cycle(session, _budget(session, "osh-2025"), keys["BALLOT_KEY"])
    _check_voting_cycle(session, _budget(session, "osh-2026"), keys["BALLOT_KEY"])
    _check_proposals_cycle(session, _budget(session, "osh-2027"))
    assert verify_chain(session).ok and session.scalar(select(func.count(AuditEvent.id))) >= 2
    _check_tester_can_use_the_census_csv(session, first.output, keys["CENSUS_KEY"])  # commits


def _check_districts_and_plan(session):
    districts = session.scalars(select(District)).all()
    assert 5 <= len(districts) <= 12
    assert 250_000 <= sum(d.population for d in districts) <= 450_000
    assert all(getattr(d, f"name_{lang}") for d in districts for lang in LANGS)
    plan = session.scalar(select(ActionPlan))
    assert plan.starts_on.year == 2024 and plan.ends_on.year == 2026
    assert len(plan.commitments) == 5
    for c in plan.commitments:
        for field in ("title", "problem", "description", "lead_department"):
            assert all(getattr(c, f"{field}_{lang}") for lang in LANGS), (c.number, field)
        assert 2 <= len(c.milestones) <= 4 and all(m.title_ky and m.title_en for m in c.milestones)
    assert any("Development Policy Institute" in c.partners for c in plan.commitments)


def _check_accounts(session, output, census_key):
    for role in ("resident", "moderator", "observer", "admin"):
        user = session.scalar(select(User).where(User.role == role, User.email.not_like("voter-%"))
                              .order_by(User.id).limit(1))
        assert user is not None and user.email in output, role
        if role != "resident":
            assert user.totp_enabled and user.totp_secret in output
    resident = session.scalar(select(User).where(User.email == "resident@ashar.example.org"))
    assert resident.is_verified
    password = re.search(r"resident@ashar\.example\.org\s+(\S+)", output).group(1)
    assert verify_password(resident.password_hash, password)
    newcomer = session.scalar(select(User).where(User.email == "newcomer@ashar.example.org"))
    assert not newcomer.is_verified
    # The console tells a tester what to type to verify the newcomer, and the roll accepts it.
    number, born = re.search(r"newcomer@\S+.*census: (\d{14}) born (\d{4}-\d\d-\d\d)", output).groups()
    entry = session.scalar(select(CensusEntry).where(
        CensusEntry.person_hmac == census_person_hmac(census_key, number)))
    assert entry.entry_hmac == census_entry_hmac(census_key, number, born) and entry.claimed_by_id is None


def _check_tester_can_use_the_census_csv(session, output, census_key):
    """An admin re-importing the shipped CSV adds nothing; the printed details verify the newcomer."""
    from services import census

    report = census.import_roll(session, census_key, CENSUS_CSV.read_bytes())
    assert report.added == 0 and report.already_present == report.rows
    number, born = re.search(r"newcomer@\S+.*census: (\d{14}) born (\S+)", output).groups()
    newcomer = session.scalar(select(User).where(User.email == "newcomer@ashar.example.org"))
    district = census.claim(session, census_key, newcomer, number, born)
    with CENSUS_CSV.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["personal_number"] == number)
    assert district.code == row["district_code"] and newcomer.is_verified


def _check_census(session, census_key):
    with CENSUS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    entries = session.scalars(select(CensusEntry)).all()
    assert len(entries) == len(rows)
    assert {e.person_hmac for e in entries} == {census_person_hmac(census_key, r["personal_number"])
                                                for r in rows}
    stored = " ".join(f"{e.person_hmac} {e.entry_hmac}" for e in entries)
    assert not any(r["personal_number"] in stored or r["birth_date"] in stored for r in rows)
    assert session.scalar(select(func.count(CensusEntry.id)).where(CensusEntry.claimed_by_id.is_not(None))) == 1


def _check_secrecy(session, budget, ballot_key, ballots):
    """One ballot per person on the roll, reachable only through the keyed pseudonym, and
    stored in an order that says nothing about the roll's."""
    roll = session.scalars(select(VoterRoll.user_id).where(VoterRoll.budget_id == budget.id)
                           .order_by(VoterRoll.id)).all()
    assert len(roll) == len(ballots)
    stored = text("rowid") if session.get_bind().dialect.name == "sqlite" else text("ctid")
    pseudonyms = session.scalars(select(Ballot.pseudonym).where(Ballot.budget_id == budget.id)
                                 .order_by(stored)).all()
    user_of = {ballot_pseudonym(ballot_key, budget.id, user_id): user_id for user_id in roll}
    assert set(pseudonyms) == set(user_of)
    position = {user_id: i for i, user_id in enumerate(roll)}
    ranks = [position[user_of[p]] for p in pseudonyms]
    n = len(ranks)
    spearman = 1 - 6 * sum((i - r) ** 2 for i, r in enumerate(ranks)) / (n * (n * n - 1))
    assert abs(spearman) < 0.3
    channels = Counter(session.scalars(select(VoterRoll.channel).where(VoterRoll.budget_id == budget.id)))
    assert channels["online"] > channels["paper"] > 0


def _check_published_cycle(session, budget, ballot_key):
    snapshot = session.scalar(select(ResultSnapshot).where(ResultSnapshot.budget_id == budget.id))
    projects = {str(p.id): p for p in session.scalars(select(Project).where(Project.budget_id == budget.id))}
    ballots = _ballots(session, budget)
    assert 1_900 <= len(ballots) <= 2_100 and snapshot.ballots_counted == len(ballots)
    _check_secrecy(session, budget, ballot_key, ballots)
    assert all(1 <= len(c) <= budget.max_choices for c in ballots.values())
    votes = Counter(str(pid) for c in ballots.values() for pid in c)
    assert {pid: t["voters"] for pid, t in snapshot.tallies["projects"].items()} == {
        pid: votes[pid] for pid in projects}
    spent = sum(projects[pid].ballot_cost for pid in snapshot.selected)
    assert 0 < spent == snapshot.spent <= budget.amount
    assert set(snapshot.explanations) == set(projects)
    from services.exports import export_pb, sha256

    assert sha256(export_pb(session, budget)[1]) == snapshot.pb_sha256  # the open data matches
    now = utcnow()
    for pid, project in projects.items():
        updates = session.scalars(select(ImplementationUpdate).where(
            ImplementationUpdate.project_id == project.id)).all()
        if pid in snapshot.selected:
            assert project.implementation_status and updates, project.title_en
            assert all(u.note_ky and u.note_ru and u.note_en and u.created_at <= now for u in updates)
        else:
            assert not updates and project.implementation_status is None
    assert any(p.implementation_status == "completed" and p.progress == 100 for p in projects.values())
    assert any(p.implementation_status == "in_progress" for p in projects.values())


def _check_voting_cycle(session, budget, ballot_key):
    now = utcnow()
    assert budget.visibility == "public_live" and budget.method == "knapsack"
    assert budget.voting_start < now < budget.voting_end
    envelopes = {e.district_id: e for e in budget.envelopes}
    assert None in envelopes and len(envelopes) >= 4
    assert sum(e.amount for e in envelopes.values()) == budget.amount
    projects = {p.id: p for p in session.scalars(select(Project).where(Project.budget_id == budget.id))}
    accepted = [p for p in projects.values() if p.status == "accepted"]
    assert len(accepted) >= 20
    for p in accepted:
        assert all(getattr(p, f"{f}_{lang}").strip() for f in ("title", "description") for lang in LANGS)
        assert p.cost > 0 and p.category in CATEGORIES and p.address
        assert 40.4 < p.latitude < 40.7 and 72.6 < p.longitude < 73.0  # in and around Osh
    assert len({p.category for p in accepted}) >= 8
    assert any(p.commitment_id for p in accepted) and any(p.district_id is None for p in accepted)
    ballots = _ballots(session, budget)
    assert 100 <= len(ballots) <= 1_000
    _check_secrecy(session, budget, ballot_key, ballots)
    for choices in ballots.values():  # every ballot keeps within each envelope
        spend = Counter()
        for pid in choices:
            spend[projects[pid].district_id] += projects[pid].ballot_cost
        assert all(amount <= envelopes[d].amount for d, amount in spend.items())
    assert session.scalar(select(func.max(VoterRoll.voted_at)).where(VoterRoll.budget_id == budget.id)) < now


def _check_proposals_cycle(session, budget):
    now = utcnow()
    assert budget.proposals_start < now < budget.proposals_end
    proposals = session.scalars(select(Project).where(Project.budget_id == budget.id)).all()
    statuses = Counter(p.status for p in proposals)
    assert statuses["accepted"] and statuses["rejected"] and statuses["under_review"] + statuses["proposed"]
    supports = Counter(session.scalars(select(Support.project_id).join(Project)
                                       .where(Project.budget_id == budget.id)))
    for p in proposals:
        if p.status == "accepted":
            assert supports[p.id] >= budget.support_threshold
        if p.status == "rejected":
            event = session.scalar(select(ProjectStatusEvent).where(
                ProjectStatusEvent.project_id == p.id, ProjectStatusEvent.status == "rejected"))
            assert p.public_reason and event.reason == p.public_reason
    resident = session.scalar(select(User).where(User.email == "resident@ashar.example.org"))
    assert any(p.author_id == resident.id for p in proposals)
