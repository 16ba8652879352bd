"""/admin/users: search accounts, change a role (admin, fresh login)."""
from __future__ import annotations

from dash import Input, Output, State, no_update
from flask_login import current_user

from components import admin_users as page
from components.format import role_label
from models import User
from models.db import get_session
from services import accounts, users
from services.errors import DomainError
from translations import _

from .guard import ADMIN, protected
from .messages import as_id, clicked, done, refusal


def search(n_clicks, text):
    """Accounts matching the text (all, newest first, when empty)."""
    if not clicked(n_clicks):
        return no_update
    return page.user_table(accounts.search(get_session(), text))


def change_role(n_clicks, user_id, role):
    """Change the role; the account is logged out everywhere."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        target = users.change_role(db, db.get(User, current_user.id), as_id(user_id), role)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("%(name)s is now %(role)s.", name=target.display_name, role=role_label(target.role)))


def register(app) -> None:
    """Attach the users page's callbacks."""
    protected(app, ADMIN, Output(page.USERS_LIST, "children"), Input(page.USERS_SEARCH_SUBMIT, "n_clicks"),
              State(page.USERS_SEARCH, "value"), prevent_initial_call=True)(search)
    protected(app, ADMIN, Output(page.USERS_MESSAGE, "children"), Input(page.USERS_ROLE_SUBMIT, "n_clicks"),
              State(page.USERS_TARGET, "value"), State(page.USERS_ROLE, "value"),
              prevent_initial_call=True, fresh=True)(change_role)
