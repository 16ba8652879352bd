"""/admin/publish through the callbacks: only a freshly logged-in admin publishes."""
from __future__ import annotations

import json

from sqlalchemy import select

from models import ResultSnapshot
from tests import factories as f
from tests.ballot_rows import vote
from tests.helpers import login

PREVIEW_OUT = [("publish-result", "children"), ("publish-digest", "data")]


def press(client, button, budget_id):
    return client.callback(PREVIEW_OUT, [("publish-close", "n_clicks", 1 if button == "close" else None),
                                         ("publish-preview", "n_clicks", 1 if button == "preview" else None)],
                           [("publish-budget", "value", str(budget_id))],
                           changed=[f"publish-{button}.n_clicks"])


def publish(client, budget_id, digest, reason=""):
    return client.callback([("publish-done", "children")], [("publish-submit", "n_clicks", 1)],
                           [("publish-budget", "value", str(budget_id)),
                            ("publish-reason", "value", reason), ("publish-digest", "data", digest)])


def _cycle(session):
    budget = f.budget(session, amount=1_000)
    env = f.envelope(session, budget)
    a = f.project(session, budget, env, cost=600, title_en="Park")
    b = f.project(session, budget, env, cost=500, title_en="Lights")
    for choice in ([a], [a, b], [a]):
        vote(session, budget, env, f.user(session), choice)
    session.commit()
    return budget


def test_admin_closes_previews_and_publishes(client, session):
    budget = _cycle(session)
    admin = f.user(session, role="admin")
    session.commit()
    client.http.set_cookie("lang", "en")
    login(client, admin)
    assert "publish-submit" in json.dumps(client.page("/admin/publish").get_json())
    assert "Voting is closed" in json.dumps(press(client, "close", budget.id).get_json())
    body = press(client, "preview", budget.id).get_json()["response"]
    digest = body["publish-digest"]["data"]
    text = json.dumps(body["publish-result"]["children"])
    assert "Park" in text and "Funded" in text and digest in text
    done = json.dumps(publish(client, budget.id, digest).get_json())
    assert "Published: snapshot" in done
    assert session.scalar(select(ResultSnapshot.pb_sha256)) == digest


def test_stale_login_observer_and_anonymous_cannot_publish(client, session):
    budget = _cycle(session)
    admin, observer = f.user(session, role="admin"), f.user(session, role="observer")
    session.commit()
    assert publish(client, budget.id, "x").status_code == 401
    login(client, observer)
    assert publish(client, budget.id, "x").status_code == 403
    assert press(client, "close", budget.id).status_code == 403
    login(client, admin, fresh=False)
    assert publish(client, budget.id, "x").status_code == 403
    assert session.scalar(select(ResultSnapshot)) is None
