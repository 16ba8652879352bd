"""Results and downloads over HTTP, and `ashar export-pb`."""
from __future__ import annotations

import hashlib

from services import results
from tests import factories as f
from tests.ballot_rows import vote


def _published(session, visibility="public_live", publish=True):
    budget = f.budget(session, amount=1_000, visibility=visibility)
    env = f.envelope(session, budget)
    a, b = f.project(session, budget, env, cost=700), f.project(session, budget, env, cost=400)
    for choice in ([a], [a, b], [b], [a]):
        vote(session, budget, env, f.user(session), choice)
    admin = f.user(session, role="admin")
    session.commit()
    if publish:
        results.close_voting(session, admin, budget.id)
        results.publish(session, admin, budget.id, fresh_login=True)
    return budget, a, b


def test_results_404_before_publication_then_shape(client, session):
    budget, a, _b = _published(session, publish=False)
    response = client.get(f"/api/v1/budgets/{budget.id}/results")
    assert response.status_code == 404 and "message" in response.get_json()
    assert client.get(f"/api/v1/budgets/{budget.id}/results.csv").status_code == 404


def test_results_and_downloads_carry_their_digest(client, session):
    budget, a, _b = _published(session)
    body = client.get(f"/api/v1/budgets/{budget.id}/results").get_json()
    assert body["rule"] == "greedy" and body["selected"] == [str(a.id)] and body["spent"] == 700
    assert len(body["snapshots"]) == 1 and body["published_at"]
    pb = client.get(f"/api/v1/budgets/{budget.id}/export.pb")
    assert pb.status_code == 200 and pb.data.startswith(b"META")
    assert hashlib.sha256(pb.data).hexdigest() == body["pb_sha256"] == pb.headers["X-Content-SHA256"]
    csv = client.get(f"/api/v1/budgets/{budget.id}/results.csv")
    assert csv.data.decode().splitlines()[0].startswith("project_id,envelope_id,cost,votes")
    assert hashlib.sha256(csv.data).hexdigest() == csv.headers["X-Content-SHA256"]
    js = client.get(f"/api/v1/budgets/{budget.id}/results.json")
    assert js.get_json()["selected"] == [str(a.id)]


def test_export_hidden_while_tallies_are(client, session):
    budget, *_ = _published(session, visibility="after_close", publish=False)
    assert client.get(f"/api/v1/budgets/{budget.id}/export.pb").status_code == 403
    assert client.get(f"/api/v1/budgets/{budget.id}/export.pb?envelope=x").status_code == 403


def test_cli_export_pb_prints_the_api_file(app, client, session):
    budget, *_ = _published(session)
    runner = app.server.test_cli_runner()
    from cli.export import export_pb

    out = runner.invoke(export_pb, [str(budget.id)])
    assert out.exit_code == 0, out.output
    assert out.output.encode() == client.get(f"/api/v1/budgets/{budget.id}/export.pb").data
    assert runner.invoke(export_pb, ["999"]).exit_code != 0
