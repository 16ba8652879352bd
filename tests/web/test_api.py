"""The public JSON API contracts: shapes, languages, filters, JSON errors, nothing private leaks."""
from __future__ import annotations

from datetime import datetime

import pytest

from .catalog_data import build


@pytest.fixture
def data(session):
    return build(session)


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.is_json, response.get_data(as_text=True)[:300]
    return response.json


def test_budgets_lists_public_cycles_with_envelopes_and_turnout(client, data):
    budgets = get_json(client, "/api/v1/budgets?lang=en")["budgets"]
    assert [b["id"] for b in budgets] == [data.voting]  # the draft is not public
    b = budgets[0]
    assert b["slug"] == "osh-2026" and b["name"] == "Osh 2026"
    assert b["names"] == {"ky": "Ош 2026", "ru": "Ош 2026 (рус)", "en": "Osh 2026"}
    assert (b["phase"], b["amount"], b["currency"], b["method"], b["rule"], b["visibility"]) == (
        "voting", 25_000_000, "KGS", "knapsack", "greedy", "public_live")
    assert datetime.fromisoformat(b["voting_start"]) < datetime.fromisoformat(b["voting_end"])
    assert b["proposals_start"] is None
    assert {(e["district"], e["amount"]) for e in b["envelopes"]} == {
        (None, 15_000_000), ("osh-north", 10_000_000)}
    assert b["ballots"] == 3


def test_budget_name_follows_the_request_language(client, data):
    assert get_json(client, f"/api/v1/budgets/{data.voting}?lang=ru")["name"] == "Ош 2026 (рус)"


def test_one_budget_has_turnout(client, data):
    b = get_json(client, f"/api/v1/budgets/{data.voting}")
    assert b["id"] == data.voting and b["ballots"] == 3 and b["phase"] == "voting"


@pytest.mark.parametrize("path", ["/api/v1/budgets/{draft}", "/api/v1/budgets/999999",
                                  "/api/v1/budgets/abc", "/api/v1/budgets/-1", "/api/v1/budgets/0",
                                  "/api/v1/budgets/99999999999999999999", "/api/v1/budgets/%D9%A3",
                                  "/api/v1/budgets/999999/projects", "/api/v1/budgets/abc/projects",
                                  "/api/v1/budgets/{draft}/projects", "/api/v1/nope"])
def test_unknown_things_are_json_404_with_a_message(client, data, path):
    body = get_json(client, path.format(draft=data.draft), status=404)
    assert body["message"]


def test_projects_default_to_the_ballot(client, data):
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?lang=en")
    projects = {p["id"]: p for p in body["projects"]}
    assert set(projects) == {str(data.park), str(data.lighting)}
    park = projects[str(data.park)]
    assert park["titles"] == {"ky": "Дарыя боюндагы парк", "ru": "Новый парк у реки Ак-Буура",
                              "en": "Ak-Buura river park"}
    assert park["descriptions"]["en"] == "Benches, trees and a playground."
    assert (park["cost"], park["category"], park["district"], park["status"]) == (
        4_200_000, "parks", "osh-north", "accepted")


def test_status_filter(client, data):
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?status=proposed")
    assert [p["titles"]["ru"] for p in body["projects"]] == ["Спортивная площадка"]
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?status=withdrawn")
    assert [p["id"] for p in body["projects"]] == [str(data.withdrawn)]


@pytest.mark.parametrize("query", ["status=bogus", "status=ACCEPTED", "category=casinos",
                                   "district=atlantis", "search=" + "x" * 500])
def test_bad_params_are_json_400_with_a_message(client, data, query):
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?{query}", status=400)
    assert body["message"]


def test_district_and_search_filters(client, data):
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?district=osh-south")
    assert [p["id"] for p in body["projects"]] == [str(data.lighting)]
    body = get_json(client, f"/api/v1/budgets/{data.voting}/projects?search=освещение")
    assert [p["id"] for p in body["projects"]] == [str(data.lighting)]


@pytest.mark.parametrize("status", ["accepted", "proposed", "under_review", "rejected", "withdrawn", "merged"])
def test_no_hidden_project_or_private_data_leaks(client, data, status):
    responses = [client.get(f"/api/v1/budgets/{data.voting}/projects?status={status}"),
                 client.get("/api/v1/budgets"), client.get(f"/api/v1/budgets/{data.voting}"),
                 client.get("/api/v1/action-plan")]
    for response in responses:
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "casino" not in text.lower() and "Казино" not in text and "advertising" not in text
        assert "@example.kg" not in text and "author_id" not in text and "user_id" not in text


def test_action_plan(client, data):
    plan = get_json(client, "/api/v1/action-plan?lang=en")
    assert plan["title"] == "Open Osh action plan" and plan["starts_on"] == "2025-09-01"
    [commitment] = plan["commitments"]
    assert commitment["title"] == "Green city" and commitment["status"] == "in_progress"
    assert commitment["lead_department"] == "Department of Urban Greening"
    assert [m["due_on"] for m in commitment["milestones"]] == ["2026-03-01"]
    assert [p["id"] for p in commitment["projects"]] == [str(data.park)]


def test_action_plan_missing_is_json_404(client):
    assert get_json(client, "/api/v1/action-plan", status=404)["message"]


def test_empty_budget_list(client):
    assert get_json(client, "/api/v1/budgets") == {"budgets": []}
