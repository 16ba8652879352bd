"""/admin/cycles through its callbacks: admins create, edit and move cycles; nobody else can."""
import pytest
from sqlalchemy import select

from components import admin_cycles as page
from models import AuditEvent, Ballot, Budget
from tests import factories as f
from tests.helpers import CSRF_HEADER, login

SAVE_KEY = "..cycles-message.children...cycles-list.children.."


def values(**changes):
    base = {"cycles-slug": "osh-2027", "cycles-year": 2027, "cycles-name-ky": "Ош 2027", "cycles-name-ru": "Ош 2027",
            "cycles-name-en": "Osh 2027", "cycles-amount": 10_000_000,
            "cycles-proposals-start": "2027-02-01T09:00", "cycles-proposals-end": "2027-03-01T18:00",
            "cycles-review-end": "2027-04-01T18:00", "cycles-voting-start": "2027-04-10T08:00",
            "cycles-voting-end": "2027-04-20T20:00", "cycles-results-on": "2027-04-25T12:00",
            "cycles-method": "approval", "cycles-rule": "greedy", "cycles-visibility": "public_live",
            "cycles-max-choices": 5, "cycles-min-choices": "", "cycles-max-points": "", "cycles-min-spend": "",
            "cycles-threshold": 10, "cycles-city-envelope": 4_000_000}
    base.update(changes)
    return base


def save(client, pick="", district_amounts=None, **changes):
    district_amounts = district_amounts or {}
    envelope_state = lambda prop: [{"id": {"type": page.CYCLES_ENVELOPE, "district": d}, "property": prop,
                                    "value": a if prop == "value" else {"type": page.CYCLES_ENVELOPE, "district": d}}
                                   for d, a in district_amounts.items()]
    body = {"output": SAVE_KEY,
            "outputs": [{"id": page.CYCLES_MESSAGE, "property": "children"}, {"id": page.CYCLES_LIST, "property": "children"}],
            "inputs": [{"id": page.CYCLES_SAVE, "property": "n_clicks", "value": 1}],
            "state": [{"id": page.CYCLES_PICK, "property": "value", "value": pick}, envelope_state("value"),
                      envelope_state("id")] + [{"id": k, "property": "value", "value": v}
                                               for k, v in values(**changes).items()],
            "changedPropIds": [f"{page.CYCLES_SAVE}.n_clicks"]}
    return client.http.post("/_dash-update-component", json=body, headers={CSRF_HEADER: client.csrf})


@pytest.fixture
def admin(client, session):
    user = f.user(session, role="admin")
    session.commit()
    login(client, user)
    return user


def test_admin_creates_a_cycle_with_osh_local_dates(client, session, admin):
    district = f.district(session)
    session.commit()
    assert "Budget cycles" in client.page("/admin/cycles").get_data(as_text=True)
    response = save(client, district_amounts={district.id: 3_000_000})
    assert "saved" in response.get_data(as_text=True), response.get_data(as_text=True)
    budget = session.scalars(select(Budget)).one()
    assert budget.proposals_start.hour == 3  # 09:00 in Osh (UTC+6)
    assert sorted((e.district_id or 0, e.amount) for e in budget.envelopes) == [(0, 4_000_000), (district.id, 3_000_000)]
    assert budget.support_threshold == 10 and budget.max_choices == 5


@pytest.mark.parametrize("change, message", [
    ({"cycles-amount": "ten million"}, "whole number"),
    ({"cycles-city-envelope": 20_000_000}, "add up to more"),
    ({"cycles-voting-start": "2027-01-01T00:00"}, "in order"),
    ({"cycles-voting-end": "not a date"}, "not a valid date"),
    ({"cycles-method": "<script>"}, "from the lists"),
])
def test_bad_cycles_get_a_message(client, session, admin, change, message):
    response = save(client, **change)
    assert message in response.get_data(as_text=True)
    assert session.scalars(select(Budget)).all() == []


def test_rule_change_refused_once_a_ballot_exists(client, session, admin):
    save(client)
    budget = session.scalars(select(Budget)).one()
    session.add(Ballot(budget_id=budget.id, envelope_id=budget.envelopes[0].id, pseudonym="p" * 64, receipt_hash="r" * 64))
    session.commit()
    response = save(client, pick=str(budget.id), **{"cycles-rule": "mes"})
    assert "Ballots have been cast" in response.get_data(as_text=True)
    session.refresh(budget)
    assert budget.rule == "greedy"


def test_move_phase_by_hand_is_audited(client, session, admin):
    save(client)
    budget = session.scalars(select(Budget)).one()
    response = client.callback([(page.CYCLES_PHASE_MESSAGE, "children")],
                               [(page.CYCLES_MOVE, "n_clicks", 1), (page.CYCLES_ADVANCE, "n_clicks", None)],
                               [(page.CYCLES_PICK, "value", str(budget.id)), (page.CYCLES_PHASE, "value", "proposals")])
    assert "now in the phase" in response.get_data(as_text=True)
    session.refresh(budget)
    assert budget.phase == "proposals"
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "cycle.phase")).one().actor_id == admin.id


@pytest.mark.parametrize("role, mfa", [("moderator", True), ("admin", False), ("resident", False)])
def test_others_cannot_save_cycles(client, session, role, mfa):
    user = f.user(session, role=role)
    session.commit()
    login(client, user, mfa=mfa)
    assert save(client).status_code == 403
    assert session.scalars(select(Budget)).all() == []


def test_picking_a_cycle_fills_the_form(client, session, admin):
    save(client)
    budget = session.scalars(select(Budget)).one()
    outputs = [(i, "value") for i in page.FIELD_IDS]
    key = ".." + "...".join(f"{i}.value" for i in page.FIELD_IDS) + '...{"district":["ALL"],"type":"cycles-envelope"}.value..'
    body = {"output": key, "outputs": [{"id": i, "property": p} for i, p in outputs] + [[]],
            "inputs": [{"id": page.CYCLES_PICK, "property": "value", "value": str(budget.id)}],
            "state": [[]], "changedPropIds": [f"{page.CYCLES_PICK}.value"]}
    response = client.http.post("/_dash-update-component", json=body, headers={CSRF_HEADER: client.csrf})
    filled = response.json["response"]
    assert filled["cycles-slug"]["value"] == "osh-2027"
    assert filled["cycles-proposals-start"]["value"] == "2027-02-01T09:00"
