"""Paper ballots entered by a moderator for a resident found on the census roll."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import CensusEntry, User, VoterRoll
from services.ballots import cast_ballot
from services.errors import DomainError, Forbidden
from services.keys import census_entry_hmac, census_person_hmac
from services.paper import enter_paper_ballot
from tests import factories as f

CENSUS, BALLOT = "test-census", "test-ballot"
NUMBER, BORN = "21203199000123", "1990-03-12"


@pytest.fixture
def world(session):
    a = f.district(session, "osh-a")
    budget = f.budget(session, method="approval", max_choices=2)
    city = f.envelope(session, budget)
    projects = [f.project(session, budget, city) for _ in range(3)]
    entry = CensusEntry(person_hmac=census_person_hmac(CENSUS, NUMBER),
                        entry_hmac=census_entry_hmac(CENSUS, NUMBER, BORN), district_id=a.id)
    session.add(entry)
    moderator = f.user(session, role="moderator", verified=False)
    session.commit()
    return dict(budget=budget, projects=projects, entry=entry, moderator=moderator, a=a)


def enter(session, world, choices, number=NUMBER, born=BORN, moderator=None):
    return enter_paper_ballot(session, moderator or world["moderator"], world["budget"].id, number, born,
                              choices, census_key=CENSUS, ballot_key=BALLOT)


def test_a_paper_ballot_for_a_resident_without_an_account(session, world):
    receipt = enter(session, world, [world["projects"][0].id])
    roll = session.scalar(select(VoterRoll))
    assert (roll.channel, roll.entered_by_id, roll.district_id) == ("paper", world["moderator"].id, world["a"].id)
    placeholder = session.get(User, roll.user_id)
    assert not placeholder.is_active and placeholder.email.endswith(".invalid")
    session.expire_all()
    assert session.get(CensusEntry, world["entry"].id).claimed_by_id == placeholder.id
    assert receipt.channel == "paper"
    with pytest.raises(DomainError, match="already recorded"):
        enter(session, world, [world["projects"][1].id])
    assert session.scalar(select(func.count()).select_from(User).where(User.email.like("paper-%"))) == 1


def test_a_resident_with_an_account_cannot_vote_on_both_channels(session, world):
    resident = f.user(session, district_id=world["a"].id)
    world["entry"].claimed_by_id = resident.id
    session.commit()
    cast_ballot(session, resident, world["budget"].id, [world["projects"][0].id], ballot_key=BALLOT)
    with pytest.raises(DomainError, match="already voted online"):
        enter(session, world, [world["projects"][1].id])


@pytest.mark.parametrize("number, born, message", [
    (NUMBER, "1990-03-13", "No census entry matches"),
    ("21203199000999", BORN, "No census entry matches"),
    ("123", BORN, "14 digits"),
    (NUMBER, "12.03.1990", "YYYY-MM-DD"),
    (None, None, "14 digits"),
])
def test_unknown_people_and_junk_are_refused_and_nothing_is_created(session, world, number, born, message):
    users = session.scalar(select(func.count()).select_from(User))
    with pytest.raises(DomainError, match=message):
        enter(session, world, [world["projects"][0].id], number=number, born=born)
    assert session.scalar(select(func.count()).select_from(User)) == users


def test_a_refused_paper_ballot_leaves_no_placeholder(session, world):
    with pytest.raises(DomainError, match="at most 2"):
        enter(session, world, [p.id for p in world["projects"]])
    assert session.scalar(select(func.count()).select_from(User)) == 1
    assert session.get(CensusEntry, world["entry"].id).claimed_by_id is None


def test_only_staff_enter_paper_ballots(session, world):
    resident = f.user(session, district_id=world["a"].id)
    session.commit()
    with pytest.raises(Forbidden):
        enter(session, world, [world["projects"][0].id], moderator=resident)


def test_closing_while_moderators_enter_paper_ballots_does_not_deadlock(session, world, db_url):
    """Paper ballots are audited; the audit chain's lock must come after voter_roll's, as in a
    close, or a close and a paper ballot wait for each other (seen in review: every run)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("the race needs PostgreSQL's locks; SQLite serialises whole transactions")
    import threading
    import time

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from services import results

    people = [(f"{i:014d}", "1990-01-01") for i in range(6)]
    for number, born in people:
        session.add(CensusEntry(person_hmac=census_person_hmac(CENSUS, number),
                                entry_hmac=census_entry_hmac(CENSUS, number, born), district_id=world["a"].id))
    admin = f.user(session, role="admin")
    session.commit()
    engine = create_engine(db_url, pool_size=10)
    sessions = sessionmaker(engine, expire_on_commit=False)
    ends, budget_id, project_id = {}, world["budget"].id, world["projects"][0].id

    def stream(number, born):
        while True:
            with sessions() as s:
                try:
                    enter_paper_ballot(s, s.get(User, world["moderator"].id), budget_id, number, born, [project_id],
                                       census_key=CENSUS, ballot_key=BALLOT)
                except DomainError as error:
                    if "already recorded" in error.message:
                        continue  # entered once; keep the pressure on until voting closes
                    ends[number] = error.message
                    return
                except Exception as error:  # a deadlock fails the test below
                    ends[number] = repr(error)
                    return

    threads = [threading.Thread(target=stream, args=person) for person in people]
    for t in threads:
        t.start()
    time.sleep(0.5)
    with sessions() as s:
        results.close_voting(s, s.get(User, admin.id), budget_id)
    for t in threads:
        t.join(20)
    engine.dispose()
    assert set(ends.values()) == {"Voting in this budget is not open."}
    assert session.scalar(select(func.count()).select_from(VoterRoll)) == len(people)
