"""/register: a resident account from an e-mail or a Kyrgyz phone number."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from translations import _

REGISTER_CONTACT = "register-contact"
REGISTER_NAME = "register-name"
REGISTER_PASSWORD = "register-password"
REGISTER_SUBMIT = "register-submit"
REGISTER_MESSAGE = "register-message"


def layout(**_kwargs) -> html.Div:
    """The registration form."""
    def field(label, component):
        return html.Div([dbc.Label(label, html_for=component.id), component], className="mb-3")

    return html.Div([
        html.H1(_("Register")),
        html.P(_("With an account you can propose projects and vote once your residency in Osh is verified.")),
        field(_("E-mail or phone (+996…)"), dbc.Input(id=REGISTER_CONTACT, type="text", autoComplete="username")),
        field(_("Display name (shown with your proposals)"),
              dbc.Input(id=REGISTER_NAME, type="text", maxLength=80, autoComplete="nickname")),
        field(_("Password (at least 10 characters)"),
              dbc.Input(id=REGISTER_PASSWORD, type="password", autoComplete="new-password")),
        dbc.Button(_("Register"), id=REGISTER_SUBMIT, color="primary"),
        html.Div(id=REGISTER_MESSAGE, **{"aria-live": "polite"}),
        html.P([_("Already registered?"), " ", html.A(_("Log in"), href="/login")], className="mt-3"),
    ])
