"""/admin/verifications: search the queue, verify a resident in person."""
from __future__ import annotations

from dash import Input, Output, State, no_update
from flask_login import current_user

from components import admin_users, admin_verifications as page
from models import User
from models.db import get_session
from services import verification
from services.errors import DomainError
from translations import _

from .guard import MODERATOR, protected
from .messages import as_id, clicked, done, refusal


def search(n_clicks, text):
    """Unverified residents matching the text."""
    if not clicked(n_clicks):
        return no_update
    return admin_users.user_table(verification.unverified_residents(get_session(), text))


def verify(n_clicks, user_id, district_id, note):
    """Record an in-person verification (audited, with the moderator's note)."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        resident = verification.verify_in_person(db, db.get(User, current_user.id), as_id(user_id),
                                                 as_id(district_id), note)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("%(name)s is verified.", name=resident.display_name))


def register(app) -> None:
    """Attach the verification queue's callbacks."""
    protected(app, MODERATOR, Output(page.QUEUE_LIST, "children"), Input(page.QUEUE_SEARCH_SUBMIT, "n_clicks"),
              State(page.QUEUE_SEARCH, "value"), prevent_initial_call=True)(search)
    protected(app, MODERATOR, Output(page.VERIFY_MESSAGE, "children"), Input(page.VERIFY_SUBMIT, "n_clicks"),
              State(page.VERIFY_TARGET, "value"), State(page.VERIFY_DISTRICT, "value"),
              State(page.VERIFY_NOTE, "value"), prevent_initial_call=True)(verify)
