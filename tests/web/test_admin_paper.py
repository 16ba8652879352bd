"""/admin/paper: a moderator records a paper ballot; it counts with online ones and excludes them."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from components import admin_paper as page
from models import Ballot, CensusEntry, VoterRoll
from services.keys import census_entry_hmac, census_person_hmac
from tests import factories as f
from tests.helpers import login

NUMBER, BORN = "21203199000123", "1990-03-12"
OUTPUTS = [(page.PAPER_MESSAGE, "children"), (page.PAPER_NUMBER, "value"), (page.PAPER_BIRTH, "value"),
           (page.PAPER_CHOICES, "value"), (page.PAPER_KEY, "data")]


@pytest.fixture
def world(session):
    a = f.district(session)
    budget = f.budget(session, method="approval", max_choices=2)
    city = f.envelope(session, budget)
    projects = [f.project(session, budget, city, title_en=f"P{i}") for i in range(3)]
    session.add(CensusEntry(person_hmac=census_person_hmac("test-census", NUMBER),
                            entry_hmac=census_entry_hmac("test-census", NUMBER, BORN), district_id=a.id))
    moderator = f.user(session, role="moderator", verified=False)
    session.commit()
    return dict(budget=budget, projects=projects, moderator=moderator)


def record(client, budget_id, choices, number=NUMBER, born=BORN, key="k" * 24):
    return client.callback(OUTPUTS, [(page.PAPER_SUBMIT, "n_clicks", 1)],
                           [(page.PAPER_BUDGET, "data", budget_id), (page.PAPER_NUMBER, "value", number),
                            (page.PAPER_BIRTH, "value", born), (page.PAPER_CHOICES, "value", choices),
                            (page.PAPER_KEY, "data", key)])


def test_the_page_lists_the_project_numbers(client, world):
    login(client, world["moderator"])
    body = json.dumps(client.page("/admin/paper").json)
    assert "Record the paper ballot" in body and "P2" in body


def test_a_moderator_records_a_paper_ballot_once(client, session, world):
    login(client, world["moderator"])
    p = world["projects"]
    response = record(client, world["budget"].id, f"{p[0].id}, {p[2].id}")
    assert "Paper ballot recorded" in json.dumps(response.json)
    again = record(client, world["budget"].id, f"{p[1].id}", key="j" * 24)
    assert "already recorded" in json.dumps(again.json)
    roll = session.scalar(select(VoterRoll))
    assert (roll.channel, roll.entered_by_id) == ("paper", world["moderator"].id)
    assert session.scalar(select(func.count()).select_from(Ballot)) == 1


@pytest.mark.parametrize("choices, number, message", [
    ("1, x", NUMBER, "Could not read"), ("", NUMBER, "Type the project numbers"),
    ("1", "21203199000999", "No census entry matches"), ("1, 2, 3", NUMBER, "at most 2"),
])
def test_bad_entries_are_refused_and_write_nothing(client, session, world, choices, number, message):
    login(client, world["moderator"])
    choices = choices.replace("1", str(world["projects"][0].id), 1) if choices.startswith("1") else choices
    if choices.count(",") == 2:
        choices = ", ".join(str(p.id) for p in world["projects"])
    response = record(client, world["budget"].id, choices, number=number)
    assert message in json.dumps(response.json)
    assert session.scalar(select(func.count()).select_from(VoterRoll)) == 0
