"""/vote as the browser uses it: the page in each state, review and submit through the real callbacks."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from components import ballot as page
from models import Ballot, BallotItem, VoterRoll
from security import CSRF_HEADER
from services.keys import new_receipt_code
from tests import factories as f
from tests.helpers import login

SUBMIT_KEY = f"..{page.VOTE_SUBMIT_MESSAGE}.children...{page.VOTE_FLOW}.hidden...{page.VOTE_DONE}.children.."
REVIEW_KEY = (f"..{page.VOTE_CHOOSE}.hidden...{page.VOTE_REVIEW_PANE}.hidden...{page.VOTE_SUMMARY}.children..."
              f"{page.VOTE_MESSAGE}.children..")


def _outputs(key):
    return [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in key[2:-2].split("...")]


def _groups(checklists: dict, points: dict):
    choice = [{"id": {"type": page.VOTE_CHOICE, "envelope": e}, "property": "value", "value": v}
              for e, v in checklists.items()]
    values = [{"id": {"type": page.VOTE_POINTS, "project": p}, "property": "value", "value": v}
              for p, v in points.items()]
    ids = [{"id": {"type": page.VOTE_POINTS, "project": p}, "property": "id",
            "value": {"type": page.VOTE_POINTS, "project": p}} for p in points]
    return [choice, values, ids]


def submit(client, budget_id, checklists=None, points=None, key="k" * 24):
    """The submit callback exactly as dash-renderer posts it (pattern-matching state groups)."""
    body = {"output": SUBMIT_KEY, "outputs": _outputs(SUBMIT_KEY),
            "inputs": [{"id": page.VOTE_SUBMIT, "property": "n_clicks", "value": 1}],
            "state": [{"id": page.VOTE_BUDGET, "property": "data", "value": budget_id},
                      {"id": page.VOTE_KEY, "property": "data", "value": key},
                      *_groups(checklists or {}, points or {})],
            "changedPropIds": [f"{page.VOTE_SUBMIT}.n_clicks"]}
    return client.http.post("/_dash-update-component", json=body, headers={CSRF_HEADER: client.csrf})


def review(client, budget_id, checklists=None, points=None):
    body = {"output": REVIEW_KEY, "outputs": _outputs(REVIEW_KEY),
            "inputs": [{"id": page.VOTE_REVIEW, "property": "n_clicks", "value": 1},
                       {"id": page.VOTE_CHANGE, "property": "n_clicks", "value": None}],
            "state": [{"id": page.VOTE_BUDGET, "property": "data", "value": budget_id},
                      *_groups(checklists or {}, points or {})],
            "changedPropIds": [f"{page.VOTE_REVIEW}.n_clicks"]}
    return client.http.post("/_dash-update-component", json=body, headers={CSRF_HEADER: client.csrf})


def text_of(response) -> str:
    return json.dumps(response.json, ensure_ascii=False)


@pytest.fixture
def world(session):
    a = f.district(session, "osh-a")
    budget = f.budget(session, method="knapsack", amount=8_000_000)
    city = f.envelope(session, budget, amount=5_000_000)
    env_a = f.envelope(session, budget, amount=3_000_000, district_id=a.id)
    projects = [f.project(session, budget, city, cost=3_000_000, title_en="Park lights"),
                f.project(session, budget, city, cost=2_000_000, title_en="Water taps"),
                f.project(session, budget, city, cost=1_000_000, title_en="Benches"),
                f.project(session, budget, env_a, cost=2_000_000, district_id=a.id, title_en="School roof")]
    voter = f.user(session, district_id=a.id)
    session.commit()
    return dict(budget=budget, city=city, env_a=env_a, projects=projects, voter=voter, a=a)


def counts(session):
    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (VoterRoll, Ballot, BallotItem))


def test_anonymous_visitors_are_asked_to_log_in(client, world):
    body = text_of(client.page("/vote"))
    assert "Log in to vote" in body and "/login?next=/vote" in body


def test_unverified_residents_are_sent_to_their_account(client, session, world):
    user = f.user(session, verified=False)
    session.commit()
    login(client, user)
    body = text_of(client.page("/vote"))
    assert "not verified yet" in body and '"/account"' in body


def test_no_open_vote(client, session, world):
    world["budget"].phase = "closed"
    session.commit()
    login(client, world["voter"])
    assert "No vote is open right now" in text_of(client.page("/vote"))


def test_the_ballot_lists_the_voters_envelopes_with_links(client, world):
    login(client, world["voter"])
    body = text_of(client.page("/vote"))
    for title in ("Park lights", "Water taps", "Benches", "School roof"):
        assert title in body
    assert f"/projects/{world['projects'][0].id}" in body
    assert "Review my ballot" in body and page.VOTE_KEY in body


def test_another_districts_envelope_is_not_on_the_page(client, session, world):
    b = f.district(session, "osh-b")
    env_b = f.envelope(session, world["budget"], amount=1_000_000, district_id=b.id)
    f.project(session, world["budget"], env_b, cost=500_000, district_id=b.id, title_en="Other bridge")
    session.commit()
    login(client, world["voter"])
    assert "Other bridge" not in text_of(client.page("/vote"))


def test_review_shows_the_summary_or_the_broken_limit(client, world):
    login(client, world["voter"])
    city, env_a = world["city"].id, world["env_a"].id
    p = [x.id for x in world["projects"]]
    ok = review(client, world["budget"].id, {city: [p[0], p[1]], env_a: [p[3]]})
    assert ok.status_code == 200
    assert "Park lights" in text_of(ok) and "School roof" in text_of(ok)
    over = review(client, world["budget"].id, {city: [p[0], p[1], p[2]], env_a: []})
    assert "more than the" in text_of(over)


def test_a_verified_voter_votes_and_gets_a_receipt(client, session, world):
    login(client, world["voter"])
    p = [x.id for x in world["projects"]]
    response = submit(client, world["budget"].id, {world["city"].id: [p[0], p[2]], world["env_a"].id: [p[3]]})
    assert response.status_code == 200
    body = text_of(response)
    assert "Your ballot is recorded" in body and "shown only this once" in body
    assert counts(session) == (1, 1, 3)
    assert "You voted on" in text_of(client.page("/vote"))
    assert "Change my vote" in text_of(client.page("/vote"))
    assert "changing your vote" in text_of(client.page("/vote", "?change=1"))


def test_a_double_click_with_the_same_key_casts_once(client, session, world):
    login(client, world["voter"])
    p = world["projects"][0].id
    first = text_of(submit(client, world["budget"].id, {world["city"].id: [p]}))
    again = text_of(submit(client, world["budget"].id, {world["city"].id: [p]}))
    code = lambda body: next(c for c in body.split('"') if len(c) == 19 and c.count("-") == 3)  # noqa: E731
    assert code(first) == code(again)
    session.expire_all()
    assert session.scalar(select(Ballot.revision)) == 1


@pytest.mark.parametrize("forge", ["other_budget_project", "other_envelope", "over_budget", "junk",
                                   "budget_id", "string_budget", "points_on_knapsack", "nested"])
def test_forged_submissions_are_refused_and_write_nothing(client, session, world, forge):
    other = f.budget(session, slug="other")
    other_env = f.envelope(session, other)
    foreign = f.project(session, other, other_env)
    b = f.district(session, "osh-b")
    env_b = f.envelope(session, world["budget"], amount=1_000_000, district_id=b.id)
    b_project = f.project(session, world["budget"], env_b, cost=500_000, district_id=b.id)
    session.commit()
    login(client, world["voter"])
    city, p = world["city"].id, [x.id for x in world["projects"]]
    budget_id = world["budget"].id
    cases = {
        "other_budget_project": (budget_id, {city: [foreign.id]}, None, "not on your ballot"),
        "other_envelope": (budget_id, {city: [b_project.id]}, None, "not on your ballot"),
        "over_budget": (budget_id, {city: [p[0], p[1], p[2]]}, None, "more than the"),
        "junk": (budget_id, {city: ["1; DROP TABLE ballots", None]}, None, "could not be read"),
        "budget_id": (other.id, {city: [p[0]]}, None, "not open"),
        "string_budget": (str(budget_id), {city: [p[0]]}, None, "no such budget"),
        "points_on_knapsack": (budget_id, {}, {p[0]: 3}, "Mark each project once"),
        "nested": (budget_id, {city: [[p[0]]]}, None, "could not be read"),
    }
    budget_value, checklists, points, message = cases[forge]
    if forge == "budget_id":
        other.phase = "proposals"
        session.commit()
    response = submit(client, budget_value, checklists, points)
    assert response.status_code == 200
    assert message in text_of(response)
    assert counts(session) == (0, 0, 0)


def test_cumulative_points_through_the_page(client, session, world):
    world["budget"].method, world["budget"].max_points = "cumulative", 4
    session.commit()
    login(client, world["voter"])
    p = [x.id for x in world["projects"]]
    assert "Points" in text_of(client.page("/vote"))
    refused = submit(client, world["budget"].id, {}, {p[0]: 3, p[1]: 2.0, p[2]: None})
    assert "you have 4" in text_of(refused) and counts(session) == (0, 0, 0)
    assert "Your ballot is recorded" in text_of(submit(client, world["budget"].id, {}, {p[0]: 3, p[3]: 1.0}))
    session.expire_all()
    assert sorted(session.scalars(select(BallotItem.points))) == [1, 3]


def test_approval_counter_and_limit(client, session, world):
    world["budget"].method, world["budget"].max_choices = "approval", 2
    session.commit()
    login(client, world["voter"])
    assert page.VOTE_COUNT in text_of(client.page("/vote"))
    p = [x.id for x in world["projects"]]
    refused = submit(client, world["budget"].id, {world["city"].id: [p[0], p[1], p[2]]})
    assert "at most 2" in text_of(refused)


def test_a_paper_voter_cannot_vote_online(client, session, world):
    session.add(VoterRoll(budget_id=world["budget"].id, user_id=world["voter"].id, channel="paper",
                          district_id=world["a"].id))
    session.commit()
    login(client, world["voter"])
    assert "cannot be changed online" in text_of(client.page("/vote"))
    response = submit(client, world["budget"].id, {world["city"].id: [world["projects"][0].id]})
    assert "paper ballot is already recorded" in text_of(response)


def test_receipt_codes_are_not_guessable():
    assert new_receipt_code() != new_receipt_code()
