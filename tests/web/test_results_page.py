"""/results as a reader sees it: funded projects, explanations, downloads with digests."""
from __future__ import annotations

import json

from services import results
from tests import factories as f
from tests.ballot_rows import vote


def test_results_page_explains_every_project_and_shows_digests(client, session):
    client.http.set_cookie("lang", "en")
    assert "No result has been published yet" in json.dumps(client.page("/results").get_json())
    budget = f.budget(session, amount=1_000, rule="greedy")
    env = f.envelope(session, budget)
    park = f.project(session, budget, env, cost=600, title_en="Park")
    roof = f.project(session, budget, env, cost=500, title_en="School roof")
    for choice in ([park], [park, roof], [park]):
        vote(session, budget, env, f.user(session), choice)
    admin = f.user(session, role="admin")
    session.commit()
    results.close_voting(session, admin, budget.id)
    snap = results.publish(session, admin, budget.id, fresh_login=True)

    page = json.dumps(client.page("/results").get_json(), ensure_ascii=False).replace("\u00a0", " ")
    assert "Funded: ranked 1 by votes (3)" in page
    assert "Not funded: ranked 2 by votes (1), but its cost 500" in page
    assert "600 KGS spent of 1,000 KGS" in page
    assert snap.pb_sha256 in page and "results.csv" in page and "results-chart" in page


def test_switch_refuses_unpublished_budgets(client, session):
    draft = f.budget(session)
    session.commit()
    response = client.callback([("results-body", "children")], [("results-budget", "value", str(draft.id))])
    assert response.status_code == 204
