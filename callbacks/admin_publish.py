"""/admin/publish: close and preview (admin), publish (admin with a fresh two-factor login)."""
from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from flask_login import current_user

from components import admin_publish as page
from models import Project, User
from models.db import get_session
from security import login_is_fresh
from services import results
from services.errors import DomainError
from translations import _, get_locale

from .guard import ADMIN, protected
from .messages import as_id, clicked, done, refusal


def _titles(session, result: dict) -> dict:
    ids = [int(pid) for pid in result["tallies"]["projects"]]
    lang = get_locale()
    return {str(p.id): p.text("title", lang)
            for p in session.query(Project).filter(Project.id.in_(ids or [-1]))}


def close_or_preview(_close, _preview, budget_id):
    """Close voting now, or show what publishing would record (and remember its digest)."""
    pressed = _close if ctx.triggered_id == page.PUBLISH_CLOSE else _preview
    if not clicked(pressed):
        return no_update, no_update
    session = get_session()
    actor = session.get(User, current_user.id)
    try:
        if ctx.triggered_id == page.PUBLISH_CLOSE:
            results.close_voting(session, actor, as_id(budget_id) or 0)
            return done(_("Voting is closed. Preview the count, then publish.")), None
        result = results.preview(session, actor, as_id(budget_id) or 0)
    except DomainError as error:
        session.rollback()
        return refusal(error), None
    return page.preview_view(result, _titles(session, result)), result["pb_sha256"]


def publish(n_clicks, budget_id, reason, digest):
    """Publish the previewed result; refused if the ballots changed since the preview."""
    if not clicked(n_clicks):
        return no_update
    if not isinstance(digest, str):
        return refusal(DomainError("Preview the count before publishing."))
    session = get_session()
    try:
        snapshot = results.publish(
            session, session.get(User, current_user.id), as_id(budget_id) or 0,
            fresh_login=login_is_fresh(), expected_sha256=digest,
            reason=reason if isinstance(reason, str) else "")
    except DomainError as error:
        session.rollback()
        return refusal(error)
    return done(_("Published: snapshot %(id)s, data SHA-256 %(sha)s.", id=snapshot.id,
                  sha=snapshot.pb_sha256))


def register(app) -> None:
    """Attach the publishing page's callbacks."""
    protected(app, ADMIN, Output(page.PUBLISH_RESULT, "children"), Output(page.PUBLISH_DIGEST, "data"),
              Input(page.PUBLISH_CLOSE, "n_clicks"), Input(page.PUBLISH_PREVIEW, "n_clicks"),
              State(page.PUBLISH_BUDGET, "value"), prevent_initial_call=True)(close_or_preview)
    protected(app, ADMIN, Output(page.PUBLISH_DONE, "children"),
              Input(page.PUBLISH_SUBMIT, "n_clicks"), State(page.PUBLISH_BUDGET, "value"),
              State(page.PUBLISH_REASON, "value"), State(page.PUBLISH_DIGEST, "data"),
              fresh=True, prevent_initial_call=True)(publish)
