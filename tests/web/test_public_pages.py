"""The public pages as a visitor reads them: home, project list and filters, detail, action plan."""
from __future__ import annotations

import pytest

from components.projects import (PROJECTS_BUDGET, PROJECTS_CATEGORY, PROJECTS_DISTRICT, PROJECTS_LIST,
                                 PROJECTS_SEARCH, PROJECTS_STATUS)

from .catalog_data import build, links, page, texts


@pytest.fixture
def data(session):
    return build(session)


@pytest.fixture(autouse=True)
def english(client):
    """Read in English unless a test switches; Kyrgyz is the default otherwise."""
    client.get("/?lang=en")


def filter_list(client, budget="any", district="any", category="any", status="any", search=""):
    """Change the filters as the browser does; the visible text of the new list."""
    response = client.callback(
        [(PROJECTS_LIST, "children")],
        [(PROJECTS_BUDGET, "value", budget), (PROJECTS_DISTRICT, "value", district),
         (PROJECTS_CATEGORY, "value", category), (PROJECTS_STATUS, "value", status),
         (PROJECTS_SEARCH, "value", search)],
        changed=[f"{PROJECTS_SEARCH}.value"])
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return texts(response.json["response"][PROJECTS_LIST]["children"])


def test_home_shows_open_cycle_with_money_turnout_and_vote_call(client, data):
    tree = page(client, "/")
    text = texts(tree)
    assert "Osh 2026" in text
    assert "Voting open" in text
    assert "25,000,000" in text and "KGS" in text
    assert "Ballots cast so far: 3" in text
    assert "Vote now" in text and "/vote" in links(tree)
    assert "secret-draft" not in str(tree) and "Draft" not in text


def test_home_in_russian_uses_som_and_russian_name(client, data):
    client.get("/?lang=ru")
    text = texts(page(client, "/"))
    assert "Ош 2026 (рус)" in text
    assert "25\u00a0000\u00a0000\u00a0сом" in text


def test_home_without_cycles_says_so(client):
    assert "No budget cycle is open yet" in texts(page(client, "/"))


def test_project_list_shows_public_projects_only(client, data):
    text = texts(page(client, "/projects"))
    assert "Ak-Buura river park" in text and "Lenin street lighting" in text
    assert "4,200,000" in text  # the city's estimate is the cost that counts
    assert "Spam about a casino" not in text
    assert "Withdrawn fountain" not in text
    assert "Draft cycle idea" not in text


def test_project_falls_back_to_russian_with_a_marker(client, data):
    text = texts(page(client, "/projects"))
    assert "Спортивная площадка" in text and "(shown in Russian)" in text


def test_project_list_in_kyrgyz(client, data):
    client.get("/?lang=ky")
    text = texts(page(client, "/projects"))
    assert "Дарыя боюндагы парк" in text and "Ak-Buura river park" not in text


def test_query_string_prefills_and_narrows(client, data):
    tree = page(client, "/projects", f"?budget={data.voting}&district=osh-south")
    text = texts(tree)
    assert "Lenin street lighting" in text and "Ak-Buura river park" not in text
    assert f'"value": "{data.voting}"' in _json(tree) and '"value": "osh-south"' in _json(tree)


def _json(tree) -> str:
    import json

    return json.dumps(tree, ensure_ascii=False)


@pytest.mark.parametrize("search", ["?district=abc", "?budget=abc&status=nope&category=%00",
                                    "?budget=99999999999999999999", "?search=" + "x" * 5000,
                                    "?budget=-1&district="])
def test_junk_query_params_still_render(client, data, search):
    text = texts(page(client, "/projects", search))
    assert "Projects" in text


def _component(tree, component_id):
    """The props of the component with `component_id` in a rendered tree."""
    if isinstance(tree, list):
        return next((found for n in tree if (found := _component(n, component_id))), None)
    if isinstance(tree, dict) and isinstance(tree.get("props"), dict):
        if tree["props"].get("id") == component_id:
            return tree["props"]
        return _component(tree["props"].get("children"), component_id)
    return None


def test_unknown_district_in_address_shows_all(client, data):
    tree = page(client, "/projects", "?district=abc")
    text = texts(tree)
    assert "Ak-Buura river park" in text and "Lenin street lighting" in text
    for select in (PROJECTS_BUDGET, PROJECTS_DISTRICT, PROJECTS_CATEGORY, PROJECTS_STATUS):
        props = _component(tree, select)
        shown = [o["label"] for o in props["options"] if o["value"] == props["value"]]
        assert shown and shown[0].startswith("All"), select  # a visible "All …" choice, not a blank


def test_filters_narrow_the_list(client, data):
    assert "Ak-Buura river park" not in filter_list(client, category="lighting")
    text = filter_list(client, district="osh-north")
    assert "Ak-Buura river park" in text and "Lenin street lighting" not in text
    text = filter_list(client, status="withdrawn")
    assert "Withdrawn fountain" in text and "Ak-Buura river park" not in text
    assert "No projects match" in filter_list(client, budget=str(data.draft))


def test_search_finds_russian_title_ignoring_case(client, data):
    text = filter_list(client, search="ОСВЕЩЕНИЕ")
    assert "Lenin street lighting" in text and "Ak-Buura river park" not in text
    assert "Projects found: 1" in text
    assert "Ak-Buura river park" in filter_list(client, search="playground")  # English description


def test_search_never_finds_hidden_text(client, data):
    assert "No projects match" in filter_list(client, search="casino")


@pytest.mark.parametrize("value", [{"x": 1}, ["a"], 12, None, "'; DROP TABLE projects; --"])
def test_forged_filter_values_are_ignored(client, data, value):
    response = client.callback(
        [(PROJECTS_LIST, "children")],
        [(PROJECTS_BUDGET, "value", value), (PROJECTS_DISTRICT, "value", value),
         (PROJECTS_CATEGORY, "value", value), (PROJECTS_STATUS, "value", value),
         (PROJECTS_SEARCH, "value", value)])
    assert response.status_code == 200
    assert "Spam about a casino" not in texts(response.json["response"][PROJECTS_LIST]["children"])


def test_project_detail_shows_everything_public(client, data):
    tree = page(client, f"/projects/{data.park}")
    text = texts(tree)
    assert "Ak-Buura river park" in text
    assert "Benches, trees and a playground." in text
    assert "4,200,000" in text and "3,500,000" in text
    assert "North" in text and "Kurmanjan Datka 12" in text
    assert "Feasible; the city estimate includes lighting." in text  # public reason in the history
    assert "Trees planted along the river." in text and "40%" in text
    assert "/action-plan#commitment-1" in links(tree)
    assert data.author_email not in _json(tree)


def test_project_detail_in_russian(client, data):
    client.get("/?lang=ru")
    text = texts(page(client, f"/projects/{data.park}"))
    assert "Новый парк у реки Ак-Буура" in text and "Деревья посажены." in text


@pytest.mark.parametrize("which", ["hidden", "draft_project", "unknown"])
def test_hidden_or_unknown_project_is_politely_not_found(client, data, which):
    project_id = getattr(data, which, 999999)
    tree = page(client, f"/projects/{project_id}")
    text = texts(tree)
    assert "Project not found" in text
    assert "casino" not in _json(tree).lower()


def test_action_plan_lists_commitments_milestones_and_projects(client, data):
    tree = page(client, "/action-plan")
    text = texts(tree)
    assert "Open Osh action plan" in text
    assert "Green city" in text and "Too few shaded public spaces." in text
    assert "Department of Urban Greening" in text and "Osh Green Initiative" in text
    assert "Map of shaded spaces" in text and "Done" in text
    assert "Ak-Buura river park" in text and f"/projects/{data.park}" in links(tree)
    assert "casino" not in text.lower()


def test_action_plan_without_plan(client):
    assert "No action plan has been published yet." in texts(page(client, "/action-plan"))


def test_merged_project_points_to_the_one_it_joined(client, session, data):
    from models import Project
    from tests import factories

    park = session.get(Project, data.park)
    merged = factories.project(session, park.budget, park.envelope, status="merged",
                               merged_into_id=park.id, title_en="Small benches by the river")
    session.commit()
    tree = page(client, f"/projects/{merged.id}")
    assert "Small benches by the river" in texts(tree) and f"/projects/{park.id}" in links(tree)


def test_the_platforms_own_reason_is_shown_in_the_readers_language(client, data, session):
    from models import Project, ProjectStatusEvent
    from services.proposals import BELOW_THRESHOLD

    stored = BELOW_THRESHOLD % {"supports": 3, "threshold": 10}  # as closing the proposals writes it
    session.get(Project, data.park).public_reason = stored
    session.add(ProjectStatusEvent(project_id=data.park, status="below_threshold", reason=stored))
    session.commit()
    assert stored in texts(page(client, f"/projects/{data.park}"))
    client.get("/?lang=ru")
    in_russian = texts(page(client, f"/projects/{data.park}"))
    reason = "Не набрало порога поддержки для рассмотрения (поддержек: 3 из 10 необходимых)."
    assert in_russian.count(reason) == 2 and stored not in in_russian  # the reason, and in the history
    # A moderator's reason is their words, shown as written in every language.
    session.get(Project, data.park).public_reason = "Did not reach the support threshold, says the moderator."
    session.commit()
    assert "Did not reach the support threshold, says the moderator." in texts(page(client, f"/projects/{data.park}"))
