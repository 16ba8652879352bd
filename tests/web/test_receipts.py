"""The public bulletin: hashes with choices when tallies are public, a voter finds their receipt."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select


from components import receipts as page
from models import User, VoterRoll
from services.ballots import cast_ballot
from services.keys import receipt_hash
from tests import factories as f


@pytest.fixture
def world(session):
    a = f.district(session)
    budget = f.budget(session, method="approval", max_choices=2, visibility="public_live")
    city = f.envelope(session, budget)
    projects = [f.project(session, budget, city, title_en=t, title_ky=t, title_ru=t) for t in ("Park lights", "Water taps", "Benches")]
    voters = [f.user(session, district_id=a.id) for _ in range(2)]
    session.commit()
    receipts = [cast_ballot(session, voters[0], budget.id, [projects[0].id, projects[1].id], ballot_key="test-ballot"),
                cast_ballot(session, voters[1], budget.id, [projects[2].id], ballot_key="test-ballot")]
    return dict(budget=budget, projects=projects, receipts=receipts)


def find(client, budget_id, code):
    return client.callback([(page.RECEIPTS_RESULT, "children")],
                           [(page.RECEIPTS_FIND, "n_clicks", 1), (page.RECEIPTS_CODE, "n_submit", None)],
                           [(page.RECEIPTS_BUDGET, "data", budget_id), (page.RECEIPTS_CODE, "value", code)])


def test_the_api_lists_every_ballot_by_hash_with_choices(client, world):
    data = client.get(f"/api/v1/receipts/{world['budget'].id}").json
    p = [x.id for x in world["projects"]]
    expected = sorted([(receipt_hash(world["receipts"][0].code), {str(p[0]): 1, str(p[1]): 1}),
                       (receipt_hash(world["receipts"][1].code), {str(p[2]): 1})])
    assert data["budget_id"] == world["budget"].id
    assert [(b["receipt_sha256"], b["choices"]) for b in data["ballots"]] == expected
    assert not {"user_id", "voted_at", "pseudonym"} & set(json.dumps(data).split('"'))


def test_the_page_lists_hashes_with_choices(client, world):
    body = json.dumps(client.page("/receipts", f"?budget={world['budget'].id}").json)
    assert receipt_hash(world["receipts"][0].code) in body
    assert "Park lights; Water taps" in body


def test_a_voter_finds_their_receipt(client, world):
    response = find(client, world["budget"].id, world["receipts"][1].code.lower())
    assert "counted as: Benches" in json.dumps(response.json)
    missing = find(client, world["budget"].id, "0000-0000-0000-0000")
    assert "not on the bulletin" in json.dumps(missing.json)


def test_a_changed_vote_drops_the_old_receipt(client, session, world):
    voter_budget = world["budget"].id
    roll = session.scalar(select(VoterRoll).order_by(VoterRoll.id).limit(1))
    voter = session.get(User, roll.user_id)
    new = cast_ballot(session, voter, voter_budget, [world["projects"][2].id], ballot_key="test-ballot")
    assert "not on the bulletin" in json.dumps(find(client, voter_budget, world["receipts"][0].code).json)
    assert "counted as: Benches" in json.dumps(find(client, voter_budget, new.code).json)


def test_hidden_tallies_hide_the_choices(client, session, world):
    world["budget"].visibility = "after_close"
    session.commit()
    data = client.get(f"/api/v1/receipts/{world['budget'].id}").json
    assert len(data["ballots"]) == 2 and all(b["choices"] is None for b in data["ballots"])
    body = json.dumps(client.page("/receipts", f"?budget={world['budget'].id}").json)
    assert receipt_hash(world["receipts"][0].code) in body and "Park lights" not in body
    assert "stay hidden until voting closes" in body
    found = json.dumps(find(client, world["budget"].id, world["receipts"][0].code).json)
    assert "your ballot is counted" in found and "Park lights" not in found
    world["budget"].phase = "closed"
    session.commit()
    assert client.get(f"/api/v1/receipts/{world['budget'].id}").json["ballots"][0]["choices"]


def test_unknown_and_draft_budgets_are_404(client, session, world):
    assert client.get("/api/v1/receipts/999999").status_code == 404
    world["budget"].phase = "draft"
    session.commit()
    assert client.get(f"/api/v1/receipts/{world['budget'].id}").status_code == 404
