"""`/admin/review`: assess, decide, merge, hide. Moderators (and admins) with 2FA only."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, no_update
from flask_login import current_user

from components import admin_review as page
from models.db import get_session
from services import review
from services.errors import DomainError
from translations import _

from . import parsing
from .guard import MODERATOR, protected

DONE = {page.REVIEW_ASSESS: "Assessment saved.", page.REVIEW_ACCEPT: "The proposal is on the ballot.",
        page.REVIEW_REJECT: "The proposal was rejected.", page.REVIEW_MERGE: "The proposals were merged.",
        page.REVIEW_HIDE: "The proposal is hidden and its author was told.",
        page.REVIEW_RESTORE: "The proposal is visible again."}


def _run(action, session, project_id, feasible, note, cost, reason, merge_into):
    actor = current_user
    if action == page.REVIEW_ASSESS:
        if feasible not in ("yes", "no"):
            raise DomainError("Choose whether the proposal is feasible.")
        review.assess(session, actor, project_id, feasible == "yes", parsing.text(note),
                      parsing.whole(cost, _("Official cost estimate (som)"), required=False))
    elif action in (page.REVIEW_ACCEPT, page.REVIEW_REJECT):
        review.decide(session, actor, project_id, action == page.REVIEW_ACCEPT, parsing.text(reason))
    elif action == page.REVIEW_MERGE:
        review.merge(session, actor, project_id, parsing.identifier(merge_into, _("Merge into (the proposal kept)")),
                     parsing.text(reason))
    elif action == page.REVIEW_HIDE:
        review.hide(session, actor, project_id, parsing.text(reason))
    elif action == page.REVIEW_RESTORE:
        review.restore(session, actor, project_id)
    else:
        raise DomainError("Choose an action.")


def act(*args):
    """Run the clicked action on the chosen proposal; the service re-checks phase and status."""
    project, feasible, note, cost, reason, merge_into = args[len(page.BUTTONS):]
    session = get_session()
    try:
        _run(ctx.triggered_id, session, parsing.identifier(project, _("Proposal")), feasible, note, cost,
             reason, merge_into)
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger"), no_update
    return dbc.Alert(_(DONE[ctx.triggered_id]), color="success"), page.queue()


def register(app) -> None:
    """Attach the review callback (moderators)."""
    protected(app, MODERATOR, Output(page.REVIEW_MESSAGE, "children"), Output(page.REVIEW_QUEUE, "children"),
              *[Input(b, "n_clicks") for b in page.BUTTONS],
              State(page.REVIEW_PROJECT, "value"), State(page.REVIEW_FEASIBLE, "value"),
              State(page.REVIEW_NOTE, "value"), State(page.REVIEW_COST, "value"),
              State(page.REVIEW_REASON, "value"), State(page.REVIEW_MERGE_INTO, "value"),
              prevent_initial_call=True)(act)
