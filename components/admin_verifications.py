"""/admin/verifications: residents waiting for verification, and verifying one in person."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.db import get_session
from services.verification import districts, unverified_residents
from translations import _, get_locale

from .admin_users import user_table

QUEUE_SEARCH = "admin-verifications-search"
QUEUE_SEARCH_SUBMIT = "admin-verifications-search-submit"
QUEUE_LIST = "admin-verifications-list"
VERIFY_TARGET = "admin-verifications-target"
VERIFY_DISTRICT = "admin-verifications-district"
VERIFY_NOTE = "admin-verifications-note"
VERIFY_SUBMIT = "admin-verifications-submit"
VERIFY_MESSAGE = "admin-verifications-message"


def layout(**_kwargs) -> html.Div:
    """The queue (newest first) and the in-person form."""
    session = get_session()
    options = [{"label": d.text("name", get_locale()), "value": d.id} for d in districts(session)]
    return html.Div([
        html.H1(_("Verify residents")),
        dbc.InputGroup([dbc.Input(id=QUEUE_SEARCH, placeholder=_("Name, e-mail or phone"), maxLength=100),
                        dbc.Button(_("Search"), id=QUEUE_SEARCH_SUBMIT)], className="mb-3"),
        html.Div(user_table(unverified_residents(session)), id=QUEUE_LIST),
        html.H2(_("Verify in person"), className="h4 mt-4"),
        html.P(_("Check an identity document showing the address, then record it here.")),
        dbc.Row([
            dbc.Col([dbc.Label(_("Account #"), html_for=VERIFY_TARGET),
                     dbc.Input(id=VERIFY_TARGET, type="number", min=1, step=1)], md=3),
            dbc.Col([dbc.Label(_("District"), html_for=VERIFY_DISTRICT),
                     dbc.Select(id=VERIFY_DISTRICT, options=options)], md=4),
        ]),
        html.Div([dbc.Label(_("Note (document checked)"), html_for=VERIFY_NOTE),
                  dbc.Textarea(id=VERIFY_NOTE, maxLength=500)], className="my-3"),
        dbc.Button(_("Verify"), id=VERIFY_SUBMIT, color="primary"),
        html.Div(id=VERIFY_MESSAGE, **{"aria-live": "polite"}),
    ])
