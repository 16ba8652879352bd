"""/admin/review through its callback: moderators decide; reasons are required; others are refused."""
import pytest

from components import admin_review as page
from models import OutboxMessage, ProjectStatusEvent
from tests import factories as f
from tests.helpers import login

OUTPUTS = [(page.REVIEW_MESSAGE, "children"), (page.REVIEW_QUEUE, "children")]


def act(client, button, project_id, feasible="yes", note="", cost="", reason="", merge_into=""):
    inputs = [(b, "n_clicks", 1 if b == button else None) for b in page.BUTTONS]
    state = [(page.REVIEW_PROJECT, "value", str(project_id)), (page.REVIEW_FEASIBLE, "value", feasible),
             (page.REVIEW_NOTE, "value", note), (page.REVIEW_COST, "value", cost),
             (page.REVIEW_REASON, "value", reason), (page.REVIEW_MERGE_INTO, "value", merge_into)]
    return client.callback(OUTPUTS, inputs, state, changed=[f"{button}.n_clicks"])


@pytest.fixture
def queue(session):
    budget = f.budget(session, phase="review")
    envelope = f.envelope(session, budget)
    author = f.user(session)
    projects = [f.project(session, budget, envelope, status="under_review", author_id=author.id) for _ in range(2)]
    session.commit()
    return projects


@pytest.fixture
def moderator(client, session):
    user = f.user(session, role="moderator")
    session.commit()
    login(client, user)
    return user


def test_moderator_assesses_and_rejects_with_a_reason(client, session, queue, moderator):
    project = queue[0]
    assert f"#{project.id}" in client.page("/admin/review").get_data(as_text=True)
    text = act(client, page.REVIEW_ASSESS, project.id, "no", note="The site is a protected park.").get_data(as_text=True)
    assert "Assessment saved" in text
    assert "reason must be between" in act(client, page.REVIEW_REJECT, project.id, reason="").get_data(as_text=True)
    assert "rejected" in act(client, page.REVIEW_REJECT, project.id, reason="The site is a protected park.").get_data(as_text=True)
    session.refresh(project)
    assert project.status == "rejected"
    assert [e.status for e in session.query(ProjectStatusEvent).filter_by(project_id=project.id)] == ["not_feasible", "rejected"]


def test_merge_and_hide(client, session, queue, moderator):
    kept, duplicate = queue
    assert "merged" in act(client, page.REVIEW_MERGE, duplicate.id, reason="Same request, same street.",
                           merge_into=str(kept.id)).get_data(as_text=True)
    session.refresh(duplicate)
    assert duplicate.merged_into_id == kept.id
    assert "hidden" in act(client, page.REVIEW_HIDE, kept.id, reason="Personal insults in the text.").get_data(as_text=True)
    session.refresh(kept)
    assert kept.hidden_reason == "Personal insults in the text."
    assert session.query(OutboxMessage).count() == 1


@pytest.mark.parametrize("junk", ["", "abc", "-1", "99999999999", {"id": 1}])
def test_forged_project_ids_get_a_message(client, queue, moderator, junk):
    response = act(client, page.REVIEW_ACCEPT, junk)
    assert response.status_code == 200 and '"color":"danger"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role, mfa", [("resident", False), ("observer", True), ("moderator", False)])
def test_others_cannot_review(client, session, queue, role, mfa):
    user = f.user(session, role=role)
    session.commit()
    login(client, user, mfa=mfa)
    assert act(client, page.REVIEW_ACCEPT, queue[0].id).status_code == 403
    session.refresh(queue[0])
    assert queue[0].status == "under_review"
