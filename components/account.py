"""/account: who you are, residency verification (census roll, contact code), two-factor login."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user

from models import User
from models.db import get_session
from translations import _, get_locale

from .format import role_label

ACCOUNT_REDIRECT = "account-redirect"
ACCOUNT_LOGOUT = "account-logout"
CENSUS_PIN = "account-census-pin"
CENSUS_BIRTH = "account-census-birth"
CENSUS_SUBMIT = "account-census-submit"
CENSUS_MESSAGE = "account-census-message"
CODE_SEND = "account-code-send"
CODE_INPUT = "account-code"
CODE_SUBMIT = "account-code-submit"
CODE_MESSAGE = "account-code-message"
TOTP_BEGIN = "account-2fa-begin"
TOTP_SETUP = "account-2fa-setup"
TOTP_CONFIRM_FORM = "account-2fa-confirm-form"
TOTP_CODE = "account-2fa-code"
TOTP_CONFIRM = "account-2fa-confirm"
TOTP_MESSAGE = "account-2fa-message"
TOTP_DISABLE_CODE = "account-2fa-disable-code"
TOTP_DISABLE = "account-2fa-disable"
HIDDEN = {"display": "none"}


def _field(label, component) -> html.Div:
    return html.Div([dbc.Label(label, html_for=component.id), component], className="mb-3")


def _residency(user) -> dbc.Card:
    if user.is_verified:
        name = user.district.text("name", get_locale()) if user.district else ""
        body = [html.P(_("Your residency is verified: district %(district)s.", district=name))]
    else:
        body = [
            html.P(_("To propose and vote, confirm that you live in Osh. Enter your personal number "
                     "(PIN) and birth date as on your ID card; we compare them with the census roll "
                     "without storing them.")),
            _field(_("Personal number (14 digits)"),
                   dbc.Input(id=CENSUS_PIN, type="text", inputMode="numeric", maxLength=14)),
            _field(_("Birth date"), dbc.Input(id=CENSUS_BIRTH, type="date")),
            dbc.Button(_("Verify my residency"), id=CENSUS_SUBMIT, color="primary"),
            html.Div(id=CENSUS_MESSAGE, **{"aria-live": "polite"}),
            html.P(_("Not on the roll? A moderator at city hall can verify you in person with your ID card."),
                   className="mt-3 text-muted"),
        ]
    return dbc.Card(dbc.CardBody([html.H2(_("Residency"), className="h4"), *body]), className="mb-3")


def _contact(user) -> dbc.Card:
    where = user.phone or user.email
    if user.contact_verified_at:
        body = [html.P(_("Your contact %(contact)s is confirmed.", contact=where))]
    else:
        body = [
            html.P(_("Confirm %(contact)s with a code we send to it.", contact=where)),
            dbc.Button(_("Send me a code"), id=CODE_SEND, color="secondary", className="mb-3"),
            _field(_("Code"), dbc.Input(id=CODE_INPUT, type="text", inputMode="numeric", maxLength=6)),
            dbc.Button(_("Confirm"), id=CODE_SUBMIT, color="primary"),
            html.Div(id=CODE_MESSAGE, **{"aria-live": "polite"}),
        ]
    return dbc.Card(dbc.CardBody([html.H2(_("Contact"), className="h4"), *body]), className="mb-3")


def _two_factor(user) -> dbc.Card:
    if user.totp_enabled:
        body = [
            html.P(_("Two-factor login is on.")),
            _field(_("To turn it off, enter a current code"),
                   dbc.Input(id=TOTP_DISABLE_CODE, type="text", inputMode="numeric", maxLength=6)),
            dbc.Button(_("Turn off two-factor login"), id=TOTP_DISABLE, color="danger", outline=True),
        ]
    else:
        intro = (_("Your role needs two-factor login: set it up to use your staff powers.")
                 if user.is_staff else _("Protect your account with an authenticator app (optional)."))
        body = [
            html.P(intro),
            dbc.Button(_("Set up two-factor login"), id=TOTP_BEGIN, color="primary", className="mb-3"),
            html.Div(id=TOTP_SETUP),
            html.Div([
                _field(_("Code shown by the app"),
                       dbc.Input(id=TOTP_CODE, type="text", inputMode="numeric", maxLength=6)),
                dbc.Button(_("Turn on"), id=TOTP_CONFIRM, color="primary"),
            ], id=TOTP_CONFIRM_FORM, style=HIDDEN),
        ]
    body.append(html.Div(id=TOTP_MESSAGE, **{"aria-live": "polite"}))
    return dbc.Card(dbc.CardBody([html.H2(_("Two-factor login"), className="h4"), *body]), className="mb-3")


def layout(**_kwargs) -> html.Div:
    """The account page of the logged-in user."""
    if not current_user.is_authenticated:
        return html.Div([html.H1(_("My account")),
                         html.P([_("Please log in first."), " ", html.A(_("Log in"), href="/login")])])
    user = get_session().get(User, current_user.id)  # the ORM row: its district, 2FA state
    return html.Div([
        dcc.Location(id=ACCOUNT_REDIRECT, refresh=True),
        html.H1(_("My account")),
        html.P([html.Strong(user.display_name), " · ", user.phone or user.email, " · ", role_label(user.role)]),
        _residency(user),
        _contact(user),
        _two_factor(user),
        dbc.Button(_("Log out"), id=ACCOUNT_LOGOUT, color="secondary", outline=True),
    ])
