"""Regressions from the independent review: hidden tallies stay hidden on the bulletin, the guard
holds behind a path prefix, junk numbers never give a 500, and submission keys carry no exact time."""
from datetime import timedelta

from sqlalchemy import select

from models import SubmissionKey, VoterRoll, utcnow
from services.ballots import cast_ballot
from tests import factories as f


def _closed_observers_live_budget(session):
    a = f.district(session, "osh-a")
    budget = f.budget(session, visibility="observers_live")
    city = f.envelope(session, budget)
    park = f.project(session, budget, city, cost=1_000_000)
    voter = f.user(session, district_id=a.id)
    session.commit()
    cast_ballot(session, voter, budget.id, {park.id: 1}, ballot_key="test-ballot", idempotency_key="k1")
    budget.voting_end = utcnow() - timedelta(minutes=1)  # voting is over, nothing published yet
    session.commit()
    return budget


def test_bulletin_hides_choices_until_published_when_observers_live(client, session):
    budget = _closed_observers_live_budget(session)
    answer = client.get(f"/api/v1/receipts/{budget.id}").json
    assert answer["choices_public"] is False
    assert all(entry.get("choices") is None for entry in answer["ballots"])


def test_submission_key_time_does_not_match_the_roll(session):
    _closed_observers_live_budget(session)
    roll_time = session.scalar(select(VoterRoll.updated_at))
    key_time = session.scalar(select(SubmissionKey.created_at))
    assert key_time != roll_time and (key_time.hour, key_time.minute, key_time.second) == (0, 0, 0)


LIVE_OUTPUTS = [("live-status", "children"), ("live-tally", "hidden"), ("live-votes", "figure"),
                ("live-projections", "children"), ("live-turnout-total", "children"),
                ("live-turnout-time", "figure"), ("live-districts", "figure"), ("live-version", "data")]


def test_live_refresh_with_an_infinite_budget_number_is_not_a_500(client):
    client.http.get("/")
    response = client.http.post(
        "/_dash-update-component", data='{"output": "..' + "...".join(f"{i}.{p}" for i, p in LIVE_OUTPUTS)
        + '..", "outputs": [' + ", ".join(f'{{"id": "{i}", "property": "{p}"}}' for i, p in LIVE_OUTPUTS)
        + '], "inputs": [{"id": "live-interval", "property": "n_intervals", "value": 1}, '
        '{"id": "live-budget", "property": "value", "value": 1e999}], '
        '"state": [{"id": "live-version", "property": "data", "value": null}], '
        '"changedPropIds": ["live-interval.n_intervals"]}',
        content_type="application/json", headers={"X-CSRFToken": client.csrf})
    assert response.status_code in (200, 204), response.status_code


def test_guard_holds_behind_a_path_prefix(db_url, monkeypatch):
    from app import create_app
    from tests.conftest import TEST_KEYS
    from tests.helpers import DashClient

    monkeypatch.setenv("DASH_REQUESTS_PATHNAME_PREFIX", "/ashar/")  # behind a reverse proxy
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, **TEST_KEYS})
    assert app.config.requests_pathname_prefix == "/ashar/"
    client = DashClient(app.server.test_client())
    users_callback = next(k for k in app.callback_map if "admin-users" in k)
    response = client.http.post("/_dash-update-component", json={"output": users_callback, "inputs": [],
                                "state": []}, headers={"X-CSRFToken": client.csrf})
    assert response.status_code in (400, 401, 403)
