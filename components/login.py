"""/login: password, then the authenticator code when the account has one; password reset."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from translations import _

LOGIN_CONTACT = "login-contact"
LOGIN_PASSWORD = "login-password"
LOGIN_SUBMIT = "login-submit"
LOGIN_MESSAGE = "login-message"
LOGIN_CODE_FORM = "login-code-form"
LOGIN_CODE = "login-code"
LOGIN_CODE_SUBMIT = "login-code-submit"
LOGIN_REDIRECT = "login-redirect"
RESET_CONTACT = "login-reset-contact"
RESET_REQUEST = "login-reset-request"
RESET_CODE = "login-reset-code"
RESET_PASSWORD = "login-reset-password"
RESET_SUBMIT = "login-reset-submit"
RESET_MESSAGE = "login-reset-message"
HIDDEN = {"display": "none"}


def _field(label: str, component) -> html.Div:
    return html.Div([dbc.Label(label, html_for=component.id), component], className="mb-3")


def layout(**_kwargs) -> html.Div:
    """The login form, the hidden code step, and the reset form."""
    return html.Div([
        dcc.Location(id=LOGIN_REDIRECT, refresh=True),
        html.H1(_("Log in")),
        html.Div([
            _field(_("E-mail or phone (+996…)"), dbc.Input(id=LOGIN_CONTACT, type="text", autoComplete="username")),
            _field(_("Password"), dbc.Input(id=LOGIN_PASSWORD, type="password", autoComplete="current-password")),
            dbc.Button(_("Log in"), id=LOGIN_SUBMIT, color="primary"),
        ]),
        html.Div([
            html.P(_("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")),
            _field(_("Code"), dbc.Input(id=LOGIN_CODE, type="text", inputMode="numeric",
                                        autoComplete="one-time-code", maxLength=12)),
            dbc.Button(_("Confirm"), id=LOGIN_CODE_SUBMIT, color="primary"),
        ], id=LOGIN_CODE_FORM, style=HIDDEN, className="mt-4"),
        html.Div(id=LOGIN_MESSAGE, **{"aria-live": "polite"}),
        html.P([_("No account yet?"), " ", html.A(_("Register"), href="/register")], className="mt-3"),
        html.Details([
            html.Summary(_("Forgot your password?")),
            html.P(_("We send a code to your e-mail or phone. Enter it here with a new password.")),
            _field(_("E-mail or phone (+996…)"), dbc.Input(id=RESET_CONTACT, type="text")),
            dbc.Button(_("Send me a code"), id=RESET_REQUEST, color="secondary", className="mb-3"),
            _field(_("Code"), dbc.Input(id=RESET_CODE, type="text", inputMode="numeric", maxLength=6)),
            _field(_("New password (at least 10 characters)"),
                   dbc.Input(id=RESET_PASSWORD, type="password", autoComplete="new-password")),
            dbc.Button(_("Set the new password"), id=RESET_SUBMIT, color="secondary"),
            html.Div(id=RESET_MESSAGE, **{"aria-live": "polite"}),
        ], className="mt-4"),
    ])
