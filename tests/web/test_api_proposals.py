"""Open data on proposals and implementation: hidden projects and authors never leak."""
import csv
import io

import pytest

from models import Support
from services import implementation
from tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def data(session):
    budget = f.budget(session, phase="review")
    envelope = f.envelope(session, budget)
    author = f.user(session, email="author@example.kg", phone="+996555000111")
    author.display_name = "Aida Author"
    shown = f.project(session, budget, envelope, status="rejected", author_id=author.id,
                      public_reason="Private land.", title_en="=HYPERLINK(\"http://evil\")")
    hidden = f.project(session, budget, envelope, status="proposed", author_id=author.id,
                       title_en="Abusive title", hidden_reason="abuse")
    session.add(Support(project_id=shown.id, user_id=author.id))
    draft = f.budget(session, phase="draft")
    session.commit()
    return budget, shown, hidden, draft


def test_proposals_json_has_status_reason_supports_and_no_author(client, data):
    budget, shown, hidden, _draft = data
    body = client.get(f"/api/v1/budgets/{budget.id}/proposals").json
    assert [p["id"] for p in body["proposals"]] == [str(shown.id)]
    row = body["proposals"][0]
    assert (row["status"], row["public_reason"], row["supports"]) == ("rejected", "Private land.", 1)
    text = str(body)
    for secret in ("author@example.kg", "+996555000111", "Aida Author", "Abusive title", "abuse"):
        assert secret not in text


def test_proposals_csv_is_safe_for_spreadsheets(client, data):
    budget, shown, _hidden, _draft = data
    response = client.get(f"/api/v1/budgets/{budget.id}/proposals.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1 and rows[0]["supports"] == "1" and rows[0]["status"] == "rejected"
    assert rows[0]["title_en"].startswith("'=")  # not a live formula
    assert "author@example.kg" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/budgets/{draft}/proposals", "/api/v1/budgets/999999/proposals",
                                  "/api/v1/budgets/{draft}/proposals.csv", "/api/v1/projects/{hidden}/updates",
                                  "/api/v1/projects/99999999999/updates", "/api/v1/photos/../../app.py",
                                  "/api/v1/photos/" + "a" * 32 + ".png"])
def test_unknown_hidden_or_draft_is_404_json(client, data, path):
    _budget, _shown, hidden, draft = data
    response = client.get(path.format(draft=draft.id, hidden=hidden.id))
    assert response.status_code == 404 and "message" in response.json


def test_updates_timeline_and_photo_served_with_its_type(client, server, session):
    budget = f.budget(session, phase="implementation")
    project = f.project(session, budget, f.envelope(session, budget))
    moderator = f.user(session, role="moderator")
    session.commit()
    from api.proposals import upload_dir

    with server.app_context():
        folder = upload_dir()
    update = implementation.add_update(session, moderator, project.id, "in_progress", 30, "Work began.",
                                       "ru", photo=PNG, upload_dir=folder)
    try:
        body = client.get(f"/api/v1/projects/{project.id}/updates").json
        assert body["updates"][0]["notes"]["ru"] == "Work began." and body["updates"][0]["progress"] == 30
        photo = client.get(body["updates"][0]["photo"])
        assert photo.status_code == 200 and photo.mimetype == "image/png" and photo.data == PNG
        assert photo.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        (folder / update.photo_path).unlink()
