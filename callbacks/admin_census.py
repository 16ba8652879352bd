"""/admin/census: import the uploaded roll and show the report."""
from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from flask import current_app
from flask_login import current_user

from components import admin_census as page
from models.db import get_session
from services import census
from services.errors import DomainError
from translations import _

from .guard import ADMIN, protected
from .messages import refusal


def _decode_upload(contents) -> bytes:
    """The file bytes from dcc.Upload's data URI, or a DomainError for anything else."""
    if not isinstance(contents, str) or "," not in contents or len(contents) > page.MAX_UPLOAD * 2:
        raise DomainError("Choose a CSV file to upload.")
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        raise DomainError("The upload could not be read. Try again.") from None


def import_upload(contents, filename):
    """Import all rows or none; name the first bad line."""
    if contents is None:
        return no_update
    db = get_session()
    try:
        report = census.import_roll(db, current_app.config["CENSUS_KEY"], _decode_upload(contents),
                                    actor_id=current_user.id)
    except DomainError as error:
        db.rollback()
        return html.Div([refusal(error), html.P(_("Nothing was imported."), className="mt-2")])
    name = filename if isinstance(filename, str) else ""
    return dbc.Alert([
        html.P(_("Imported %(file)s: %(rows)s rows.", file=name[:100], rows=report.rows)),
        html.Ul([html.Li(_("Added: %(n)s", n=report.added)),
                 html.Li(_("Already on the roll: %(n)s", n=report.already_present))]),
    ], color="success", className="mt-3")


def register(app) -> None:
    """Attach the census upload callback."""
    protected(app, ADMIN, Output(page.CENSUS_REPORT, "children"), Input(page.CENSUS_UPLOAD, "contents"),
              State(page.CENSUS_UPLOAD, "filename"), prevent_initial_call=True)(import_upload)
