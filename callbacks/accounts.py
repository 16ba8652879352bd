"""Login (password, then code), logout, registration and password reset; the account page's own
callbacks live in `account_page` and are attached from here."""
from __future__ import annotations

from dash import Input, Output, State, no_update

from components import account as acc
from components import login as lg
from components import register as rg
from models.db import get_session
from services import accounts, two_factor
from services.errors import DomainError
from translations import _, get_locale

from . import account_page, session as login_session
from .guard import PUBLIC, RESIDENT, protected
from .messages import clicked, done, refusal

SHOWN = {"display": "block"}


def log_in(n_clicks, contact, password):
    """First factor. Accounts with TOTP wait for their code; staff without TOTP must enrol first."""
    if not clicked(n_clicks):
        return no_update, no_update, no_update
    db = get_session()
    try:
        user = accounts.authenticate(db, contact, password)
    except DomainError as error:
        db.rollback()
        return refusal(error), no_update, no_update
    if user.totp_enabled:
        login_session.await_second_factor(user)
        return None, SHOWN, no_update
    login_session.start(user, mfa=False)
    return None, no_update, "/account" if user.is_staff else "/"


def enter_code(n_clicks, code):
    """Second factor: a TOTP code (once) or a recovery code; only now is the session logged in."""
    if not clicked(n_clicks):
        return no_update, no_update
    user_id = login_session.pending_user_id()
    if user_id is None:
        return refusal(DomainError("Your login has expired. Please log in again.")), no_update
    db = get_session()
    try:
        user = two_factor.verify_login(db, user_id, code)
    except DomainError as error:
        db.rollback()
        return refusal(error), no_update
    if not login_session.pending_matches(user):  # password changed meanwhile
        return refusal(DomainError("Your login has expired. Please log in again.")), no_update
    login_session.start(user, mfa=True)
    return None, "/admin" if user.is_staff else "/"


def log_out(n_clicks):
    """End the session everywhere it is held in this browser."""
    if not clicked(n_clicks):
        return no_update
    login_session.end()
    return "/"


def register_account(n_clicks, contact, name, password):
    """The same answer whether or not the contact already has an account."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        accounts.register(db, contact, password, name, sender=login_session.sender(),
                          locale=get_locale())
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("Thank you. We sent a message to this contact; then log in to confirm it "
                  "and verify your residency."))


def request_reset(n_clicks, contact):
    """Send a reset code if the account exists; say the same otherwise."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        accounts.request_reset(db, contact, sender=login_session.sender())
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("If an account uses this contact, we sent it a code. It works for 10 minutes."))


def reset_password(n_clicks, contact, code, password):
    """Set the new password; every older session of the account ends."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        accounts.reset_password(db, contact, code, password)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("Your password is changed. You can log in with it now."))


def register(app) -> None:
    """Attach the login, registration and reset callbacks, then the account page's."""
    protected(app, PUBLIC, Output(lg.LOGIN_MESSAGE, "children"), Output(lg.LOGIN_CODE_FORM, "style"),
              Output(lg.LOGIN_REDIRECT, "href"), Input(lg.LOGIN_SUBMIT, "n_clicks"),
              State(lg.LOGIN_CONTACT, "value"), State(lg.LOGIN_PASSWORD, "value"),
              prevent_initial_call=True, limit=True)(log_in)
    protected(app, PUBLIC, Output(lg.LOGIN_MESSAGE, "children", allow_duplicate=True),
              Output(lg.LOGIN_REDIRECT, "href", allow_duplicate=True),
              Input(lg.LOGIN_CODE_SUBMIT, "n_clicks"), State(lg.LOGIN_CODE, "value"),
              prevent_initial_call=True, limit=True)(enter_code)
    protected(app, RESIDENT, Output(acc.ACCOUNT_REDIRECT, "href"), Input(acc.ACCOUNT_LOGOUT, "n_clicks"),
              prevent_initial_call=True)(log_out)
    protected(app, PUBLIC, Output(rg.REGISTER_MESSAGE, "children"), Input(rg.REGISTER_SUBMIT, "n_clicks"),
              State(rg.REGISTER_CONTACT, "value"), State(rg.REGISTER_NAME, "value"),
              State(rg.REGISTER_PASSWORD, "value"), prevent_initial_call=True, limit=True)(register_account)
    protected(app, PUBLIC, Output(lg.RESET_MESSAGE, "children"), Input(lg.RESET_REQUEST, "n_clicks"),
              State(lg.RESET_CONTACT, "value"), prevent_initial_call=True, limit=True)(request_reset)
    protected(app, PUBLIC, Output(lg.RESET_MESSAGE, "children", allow_duplicate=True),
              Input(lg.RESET_SUBMIT, "n_clicks"), State(lg.RESET_CONTACT, "value"),
              State(lg.RESET_CODE, "value"), State(lg.RESET_PASSWORD, "value"),
              prevent_initial_call=True, limit=True)(reset_password)
    account_page.register(app)
