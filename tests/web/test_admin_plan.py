"""/admin/plan through its callbacks: admins build the plan; it appears on the public plan."""
import pytest

from components import admin_plan as page
from services.action_plan import current_action_plan
from tests import factories as f
from tests.helpers import login

OUTPUTS = [(page.PLAN_MESSAGE, "children"), (page.PLAN_OVERVIEW, "children")]


def save(client, button, commitment="", milestone="", **values):
    fields = {page.PLAN_TITLE: "Open Osh 2026", page.PLAN_SUMMARY: "", page.PLAN_STARTS: "2026-01-01",
              page.PLAN_ENDS: "2027-12-31", "plan-c-title": "Open budgets", "plan-c-problem": "Closed budgets.",
              "plan-c-description": "Publish every budget.", "plan-c-lead": "Finance", "plan-c-partners": "Civic Lab",
              "plan-c-status": "in_progress", "plan-m-title": "Portal live", "plan-m-due": "2026-06-01",
              "plan-m-status": "planned", **values}
    inputs = [(b, "n_clicks", 1 if b == button else None) for b in page.BUTTONS]
    state = ([(page.PLAN_LANGUAGE, "value", "en")]
             + [(i, "value", fields[i]) for i in (page.PLAN_TITLE, page.PLAN_SUMMARY, page.PLAN_STARTS, page.PLAN_ENDS)]
             + [(page.PLAN_COMMITMENT, "value", commitment)] + [(i, "value", fields[i]) for i in page.COMMITMENT_FIELDS]
             + [(page.PLAN_MILESTONE, "value", milestone)] + [(i, "value", fields[i]) for i in page.MILESTONE_FIELDS])
    return client.callback(OUTPUTS, inputs, state, changed=[f"{button}.n_clicks"])


def test_admin_builds_the_plan(client, session):
    login(client, f.user(session, role="admin"))
    session.commit()
    assert "Action plan" in client.page("/admin/plan").get_data(as_text=True)
    assert "Create the plan first" in save(client, page.PLAN_COMMITMENT_SAVE).get_data(as_text=True)
    assert "Saved" in save(client, page.PLAN_SAVE).get_data(as_text=True)
    assert "Saved" in save(client, page.PLAN_COMMITMENT_SAVE).get_data(as_text=True)
    view = current_action_plan(session)
    commitment = view.commitments[0].commitment
    assert "Saved" in save(client, page.PLAN_MILESTONE_SAVE, commitment=str(commitment.id)).get_data(as_text=True)
    assert "not a valid date" in save(client, page.PLAN_MILESTONE_SAVE, commitment=str(commitment.id),
                                      **{"plan-m-due": "someday"}).get_data(as_text=True)
    session.expire_all()
    view = current_action_plan(session)
    assert view.commitments[0].commitment.lead_department_en == "Finance"
    assert [m.title_en for m in view.commitments[0].milestones] == ["Portal live"]


@pytest.mark.parametrize("role", ["moderator", "observer", "resident"])
def test_only_admins_edit_the_plan(client, session, role):
    login(client, f.user(session, role=role))
    session.commit()
    assert save(client, page.PLAN_SAVE).status_code == 403
