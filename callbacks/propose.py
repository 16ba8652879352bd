"""`/propose`: submit, edit and withdraw proposals, preview Markdown, and support proposals anywhere."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, ctx, no_update
from flask_login import current_user

from components import propose as page
from components.markdown import user_markdown
from components.support import SUPPORT_BUTTON, SUPPORT_COUNT, button_face, count_text
from models.db import get_session
from services import proposals
from services.errors import DomainError
from services.proposals import ProposalForm
from translations import _

from . import parsing
from .guard import RESIDENT, VERIFIED, protected

PREVIEW_MAX = 5000


def preview(description):
    """The description as it will be shown: Markdown with raw HTML inert and unsafe links removed."""
    text = parsing.text(description)[:PREVIEW_MAX]
    return user_markdown(text) if text else ""


def _form(cycle, language, title, description, district, category, cost, address, lat, lon, commitment):
    return parsing.identifier(cycle, _("Budget cycle")), ProposalForm(
        title=parsing.text(title, _("Title"), required=True),
        description=parsing.text(description, _("Description"), required=True),
        language=parsing.text(language), category=parsing.text(category),
        cost=parsing.whole(cost, _("Estimated cost (som)")),
        district_id=None if district == page.CITY_WIDE else parsing.identifier(district, _("District")),
        address=parsing.text(address),
        latitude=parsing.decimal(lat, _("Latitude")), longitude=parsing.decimal(lon, _("Longitude")),
        commitment_id=parsing.identifier(commitment, _("Action plan commitment"), required=False))


def _lists():
    session = get_session()
    mine = proposals.my_proposals(session, current_user)
    return page.mine_list(mine), page.mine_options(mine), page.open_list(proposals.open_cycles(session))


def act(_submit, _withdraw, editing, *fields):
    """Submit a new proposal, save an edit, or withdraw; ownership and phase are checked by the service."""
    session = get_session()
    try:
        project_id = parsing.identifier(editing, _("Proposal"), required=False)
        if ctx.triggered_id == page.PROPOSE_WITHDRAW:
            if project_id is None:
                raise DomainError("Choose one of your proposals first.")
            proposals.withdraw_proposal(session, current_user, project_id)
            done = _("Your proposal was withdrawn.")
        else:
            cycle_id, form = _form(*fields)
            if project_id is None:
                project = proposals.submit_proposal(session, current_user, cycle_id, form)
                done = _("Thank you! Your proposal #%(id)s was submitted.", id=project.id)
            else:
                proposals.edit_proposal(session, current_user, project_id, form)
                done = _("Your changes were saved.")
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger"), no_update, no_update, no_update
    mine, options, open_list = _lists()
    return dbc.Alert(done, color="success"), mine, options, open_list


def load(editing):
    """Fill the form with one of the author's own proposals (or empty it for a new one)."""
    try:
        project_id = parsing.identifier(editing, _("Proposal"), required=False)
    except DomainError:
        project_id = None
    project = None
    if project_id is not None:
        project = next((p for p in proposals.my_proposals(get_session(), current_user) if p.id == project_id), None)
    if project is None:
        return [no_update, no_update, "", "", page.CITY_WIDE, "other", None, "", None, None, ""]
    language = next((lang for lang in ("ky", "ru", "en") if getattr(project, f"title_{lang}")), "ky")
    return [str(project.budget_id), language, getattr(project, f"title_{language}"),
            getattr(project, f"description_{language}"),
            str(project.district_id) if project.district_id else page.CITY_WIDE, project.category,
            project.cost, project.address, project.latitude, project.longitude,
            str(project.commitment_id) if project.commitment_id else ""]


def support_click(_clicks, action):
    """Support (or withdraw support for) the clicked proposal; the id is re-checked by the service."""
    session = get_session()
    project_id = ctx.triggered_id["project"] if isinstance(ctx.triggered_id, dict) else None
    try:
        project_id = parsing.identifier(project_id, _("Proposal"))
        if action == "withdraw":
            proposals.withdraw_support(session, current_user, project_id)
        else:
            proposals.support(session, current_user, project_id)
    except DomainError as error:
        session.rollback()
        return parsing.message_of(error), no_update, no_update
    label, next_action = button_face(proposals.has_supported(session, current_user, project_id))
    return count_text(proposals.support_counts(session, [project_id])[project_id]), label, next_action


def register(app) -> None:
    """Attach the /propose callbacks and the support button's."""
    protected(app, RESIDENT, Output(page.PROPOSE_PREVIEW, "children"),
              Input(page.PROPOSE_DESCRIPTION, "value"), prevent_initial_call=True)(preview)
    protected(app, VERIFIED,
              Output(page.PROPOSE_MESSAGE, "children"), Output(page.PROPOSE_MINE, "children"),
              Output(page.PROPOSE_EDITING, "options"), Output(page.PROPOSE_OPEN, "children"),
              Input(page.PROPOSE_SUBMIT, "n_clicks"), Input(page.PROPOSE_WITHDRAW, "n_clicks"),
              State(page.PROPOSE_EDITING, "value"), *[State(f, "value") for f in page.FORM_FIELDS],
              prevent_initial_call=True)(act)
    protected(app, VERIFIED, [Output(f, "value") for f in page.FORM_FIELDS],
              Input(page.PROPOSE_EDITING, "value"), prevent_initial_call=True)(load)
    protected(app, VERIFIED,
              Output({"type": SUPPORT_COUNT, "project": MATCH}, "children"),
              Output({"type": SUPPORT_BUTTON, "project": MATCH}, "children"),
              Output({"type": SUPPORT_BUTTON, "project": MATCH}, "value"),
              Input({"type": SUPPORT_BUTTON, "project": MATCH}, "n_clicks"),
              State({"type": SUPPORT_BUTTON, "project": MATCH}, "value"),
              prevent_initial_call=True)(support_click)
