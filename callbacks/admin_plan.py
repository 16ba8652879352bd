"""`/admin/plan`: save the plan, a commitment or a milestone; load a commitment to edit. Admins only."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, no_update
from flask_login import current_user

from components import admin_plan as page
from models import Commitment
from models.db import get_session
from services import plan_editing
from services.errors import DomainError
from services.plan_editing import CommitmentForm
from translations import _

from . import parsing
from .guard import ADMIN, protected


def _save(action, session, language, plan_fields, commitment_id, c_fields, milestone_id, m_fields):
    plan = plan_editing.current_plan(session)
    if action == page.PLAN_SAVE:
        title, summary, starts, ends = plan_fields
        plan_editing.save_plan(session, current_user, plan.id if plan else None, language, parsing.text(title),
                               parsing.text(summary), parsing.day(starts, _("Starts on")), parsing.day(ends, _("Ends on")))
        return
    if plan is None:
        raise DomainError("Create the plan first.")
    commitment = parsing.identifier(commitment_id, _("Commitment"), required=action == page.PLAN_MILESTONE_SAVE)
    if action == page.PLAN_COMMITMENT_SAVE:
        title, problem, description, lead, partners, status = map(parsing.text, c_fields)
        plan_editing.save_commitment(session, current_user, plan.id, commitment, CommitmentForm(
            language, title, problem, description, lead, partners, status))
    elif action == page.PLAN_MILESTONE_SAVE:
        title, due, status = m_fields
        plan_editing.save_milestone(session, current_user, commitment,
                                    parsing.identifier(milestone_id, _("Milestone"), required=False), language,
                                    parsing.text(title), parsing.day(due, _("Due on")), parsing.text(status))
    else:
        raise DomainError("Choose an action.")


def save(_plan, _commitment, _milestone, language, title, summary, starts, ends, commitment_id, *rest):
    """Save what the clicked button names; the service validates and audits."""
    c_fields, milestone_id, m_fields = rest[:6], rest[6], rest[7:]
    session = get_session()
    try:
        _save(ctx.triggered_id, session, parsing.text(language), (title, summary, starts, ends), commitment_id,
              c_fields, milestone_id, m_fields)
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger"), no_update
    return dbc.Alert(_("Saved."), color="success"), page.overview()


def load(commitment_id, language):
    """The chosen commitment's fields in the chosen language (empty for a new one)."""
    try:
        cid = parsing.identifier(commitment_id, _("Commitment"), required=False)
    except DomainError:
        cid = None
    commitment = get_session().get(Commitment, cid) if cid else None
    if commitment is None:
        return ["", "", "", "", "", "not_started"]
    lang = language if language in ("ky", "ru", "en") else "en"
    return [getattr(commitment, f"title_{lang}"), getattr(commitment, f"problem_{lang}"),
            getattr(commitment, f"description_{lang}"), getattr(commitment, f"lead_department_{lang}"),
            commitment.partners, commitment.status]


def register(app) -> None:
    """Attach the plan callbacks (admins)."""
    protected(app, ADMIN, Output(page.PLAN_MESSAGE, "children"), Output(page.PLAN_OVERVIEW, "children"),
              *[Input(b, "n_clicks") for b in page.BUTTONS], State(page.PLAN_LANGUAGE, "value"),
              *[State(i, "value") for i in (page.PLAN_TITLE, page.PLAN_SUMMARY, page.PLAN_STARTS, page.PLAN_ENDS)],
              State(page.PLAN_COMMITMENT, "value"), *[State(i, "value") for i in page.COMMITMENT_FIELDS],
              State(page.PLAN_MILESTONE, "value"), *[State(i, "value") for i in page.MILESTONE_FIELDS],
              prevent_initial_call=True)(save)
    protected(app, ADMIN, [Output(i, "value") for i in page.COMMITMENT_FIELDS],
              Input(page.PLAN_COMMITMENT, "value"), Input(page.PLAN_LANGUAGE, "value"),
              prevent_initial_call=True)(load)
