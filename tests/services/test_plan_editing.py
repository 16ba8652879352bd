"""Admins edit the Joint Action Plan one language at a time."""
from datetime import date

import pytest

from services import action_plan, plan_editing
from services.errors import DomainError
from services.plan_editing import CommitmentForm
from tests import factories as f


def test_plan_commitments_and_milestones_appear_in_the_public_plan(session):
    admin = f.user(session, role="admin")
    plan = plan_editing.save_plan(session, admin, None, "en", "Open Osh 2026–2027", "Summary.",
                                  date(2026, 1, 1), date(2027, 12, 31))
    c = plan_editing.save_commitment(session, admin, plan.id, None, CommitmentForm(
        language="en", title="Open budgets", problem="Nobody sees the budget.", lead_department="Finance",
        partners="Civic Lab", status="in_progress"))
    plan_editing.save_commitment(session, admin, plan.id, c.id, CommitmentForm(
        language="ru", title="Открытые бюджеты", lead_department="Финансы", status="in_progress"))
    plan_editing.save_milestone(session, admin, c.id, None, "en", "Portal launched", date(2026, 6, 1), "done")
    view = action_plan.current_action_plan(session)
    commitment = view.commitments[0].commitment
    assert (commitment.number, commitment.title_en, commitment.title_ru) == (1, "Open budgets", "Открытые бюджеты")
    assert commitment.problem_en == "Nobody sees the budget." and commitment.partners == ""  # partners saved last
    assert [m.title_en for m in view.commitments[0].milestones] == ["Portal launched"]


def test_bad_plan_input_is_refused(session):
    admin = f.user(session, role="admin")
    with pytest.raises(DomainError, match="end after"):
        plan_editing.save_plan(session, admin, None, "en", "Plan", "", date(2026, 1, 1), date(2025, 1, 1))
    with pytest.raises(DomainError, match="title"):
        plan_editing.save_plan(session, admin, None, "en", " ", "", date(2026, 1, 1), date(2027, 1, 1))
