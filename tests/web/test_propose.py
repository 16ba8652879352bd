"""/propose through its callbacks, as the browser sends them: who may act, and what is refused."""
import json

import pytest
from sqlalchemy import func, select

from components import propose as page
from models import Project, Support
from tests import factories as f
from tests.helpers import login

FIELDS = {page.PROPOSE_CYCLE: None, page.PROPOSE_LANGUAGE: "en", page.PROPOSE_TITLE: "Lights on Kurmanjan Datka street",
          page.PROPOSE_DESCRIPTION: "Twenty LED lamps along the dark stretch near school 5.",
          page.PROPOSE_DISTRICT: "city", page.PROPOSE_CATEGORY: "lighting", page.PROPOSE_COST: 800000,
          page.PROPOSE_ADDRESS: "Kurmanjan Datka 120", page.PROPOSE_LATITUDE: "", page.PROPOSE_LONGITUDE: "",
          page.PROPOSE_COMMITMENT: ""}
ACT_OUTPUTS = [(page.PROPOSE_MESSAGE, "children"), (page.PROPOSE_MINE, "children"),
               (page.PROPOSE_EDITING, "options"), (page.PROPOSE_OPEN, "children")]


def act(client, editing="", withdraw=False, **changes):
    values = {**FIELDS, **changes}
    inputs = [(page.PROPOSE_SUBMIT, "n_clicks", 1), (page.PROPOSE_WITHDRAW, "n_clicks", 1 if withdraw else None)]
    state = [(page.PROPOSE_EDITING, "value", editing)] + [(k, "value", v) for k, v in values.items()]
    changed = [f"{page.PROPOSE_WITHDRAW if withdraw else page.PROPOSE_SUBMIT}.n_clicks"]
    return client.callback(ACT_OUTPUTS, inputs, state, changed=changed)


def support_click(client, project_id, action="support"):
    """The pattern-matching support callback, as dash-renderer posts it."""
    from tests.helpers import CSRF_HEADER

    pid = {"type": "support-button", "project": project_id}
    key = ('..{"project":["MATCH"],"type":"support-count"}.children...{"project":["MATCH"],"type":"support-button"}'
           '.children...{"project":["MATCH"],"type":"support-button"}.value..')
    body = {"output": key,
            "outputs": [{"id": {"type": "support-count", "project": project_id}, "property": "children"},
                        {"id": pid, "property": "children"}, {"id": pid, "property": "value"}],
            "inputs": [{"id": pid, "property": "n_clicks", "value": 1}],
            "state": [{"id": pid, "property": "value", "value": action}],
            "changedPropIds": [json.dumps(pid, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}
    return client.http.post("/_dash-update-component", json=body, headers={CSRF_HEADER: client.csrf})


@pytest.fixture
def cycle(session):
    budget = f.budget(session, phase="proposals")
    f.envelope(session, budget, amount=5_000_000)
    district = f.district(session)
    session.commit()
    FIELDS[page.PROPOSE_CYCLE] = str(budget.id)
    return budget, district


@pytest.fixture
def resident(session, cycle, client):
    user = f.user(session, district_id=cycle[1].id)
    session.commit()
    login(client, user)
    return user


def _count(session):
    session.expire_all()
    return session.scalar(select(func.count(Project.id)))


def test_page_tells_visitors_and_unverified_why_they_cannot_propose(client, session, cycle):
    assert "Please log in first" in client.page("/propose").get_data(as_text=True)
    user = f.user(session, verified=False)
    session.commit()
    login(client, user)
    assert "Only verified residents" in client.page("/propose").get_data(as_text=True)


def test_verified_resident_submits_edits_and_withdraws(client, session, resident):
    text = client.page("/propose").get_data(as_text=True)
    assert page.PROPOSE_SUBMIT in text
    response = act(client)
    assert response.status_code == 200 and "was submitted" in response.get_data(as_text=True)
    project = session.scalars(select(Project)).one()
    assert (project.title_en, project.author_id, project.status) == (FIELDS[page.PROPOSE_TITLE], resident.id, "proposed")
    response = act(client, editing=str(project.id), **{page.PROPOSE_COST: 900000})
    assert "saved" in response.get_data(as_text=True)
    session.refresh(project)
    assert project.cost == 900000
    response = act(client, editing=str(project.id), withdraw=True)
    assert "withdrawn" in response.get_data(as_text=True)
    session.refresh(project)
    assert project.status == "withdrawn"


@pytest.mark.parametrize("change, message", [
    ({page.PROPOSE_TITLE: ""}, "Please fill in: Title"),
    ({page.PROPOSE_COST: "lots"}, "must be a whole number"),
    ({page.PROPOSE_COST: -5}, "positive"),
    ({page.PROPOSE_COST: 99_000_000}, "more than the whole envelope"),
    ({page.PROPOSE_LATITUDE: "40.5", page.PROPOSE_LONGITUDE: "80.1"}, "not in Osh"),
    ({page.PROPOSE_DISTRICT: {"$ne": 1}}, "whole number"),
    ({page.PROPOSE_CYCLE: "999999"}, "not taking proposals"),
    ({page.PROPOSE_TITLE: ["x"] * 5}, "Please fill in: Title"),
])
def test_junk_gets_a_message_and_saves_nothing(client, session, resident, change, message):
    response = act(client, **change)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(session) == 0


def test_nobody_edits_or_withdraws_anothers_proposal(client, session, cycle, resident):
    act(client)
    project = session.scalars(select(Project)).one()
    intruder = f.user(session, district_id=cycle[1].id)
    session.commit()
    login(client, intruder)
    assert "no proposal" in act(client, editing=str(project.id), **{page.PROPOSE_TITLE: "Hijacked title"}).get_data(as_text=True)
    assert "no proposal" in act(client, editing=str(project.id), withdraw=True).get_data(as_text=True)
    session.refresh(project)
    assert (project.title_en, project.status) == (FIELDS[page.PROPOSE_TITLE], "proposed")


def test_anonymous_and_unverified_callers_are_refused(client, session, cycle):
    assert act(client).status_code == 401
    user = f.user(session, verified=False)
    session.commit()
    login(client, user)
    assert act(client).status_code == 403
    assert _count(session) == 0


def test_support_once_and_withdraw(client, session, resident):
    act(client)
    project = session.scalars(select(Project)).one()
    for _ in range(2):
        response = support_click(client, project.id)
        assert response.status_code == 200 and "Supports: 1" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Support.id))) == 1
    assert "Supports: 0" in support_click(client, project.id, "withdraw").get_data(as_text=True)


def test_support_for_a_hidden_or_unknown_proposal_is_refused(client, session, resident):
    act(client)
    project = session.scalars(select(Project)).one()
    project.hidden_reason = "abuse"
    session.commit()
    assert "There is no project" in support_click(client, project.id).get_data(as_text=True)
    assert "There is no project" in support_click(client, 424242).get_data(as_text=True)
    assert session.scalar(select(func.count(Support.id))) == 0
