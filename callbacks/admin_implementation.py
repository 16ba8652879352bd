"""`/admin/implementation`: publish an update on a funded project. Moderators with 2FA."""
from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, no_update
from flask import current_app
from flask_login import current_user

from components import admin_implementation as page
from models.db import get_session
from services import implementation
from services.errors import DomainError
from translations import _

from . import parsing
from .guard import MODERATOR, protected

# base64 grows data by 4/3; refuse before decoding anything bigger than the photo limit allows.
ENCODED_MAX = implementation.PHOTO_MAX_BYTES * 4 // 3 + 8


def decode_upload(contents) -> bytes | None:
    """The bytes of a `dcc.Upload` data URL, or None when no photo was chosen."""
    if contents in (None, ""):
        return None
    if not isinstance(contents, str) or "," not in contents:
        raise DomainError("The photo must be a JPEG, PNG or WebP image.")
    encoded = contents.split(",", 1)[1]
    if len(encoded) > ENCODED_MAX:
        raise DomainError("The photo is larger than 2 MB.")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError("The photo must be a JPEG, PNG or WebP image.") from None


def publish(_clicks, project, status, progress, language, note, photo):
    """Store the update (and its photo); the service checks the project is funded."""
    session = get_session()
    try:
        implementation.add_update(
            session, current_user, parsing.identifier(project, _("Project")), parsing.text(status),
            parsing.whole(progress, _("Progress (%)"), maximum=100), parsing.text(note), parsing.text(language),
            photo=decode_upload(photo), upload_dir=implementation.upload_dir(current_app.instance_path))
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger"), no_update
    return dbc.Alert(_("Update published."), color="success"), page.project_list()


def register(app) -> None:
    """Attach the update callback (moderators)."""
    protected(app, MODERATOR, Output(page.IMPL_MESSAGE, "children"), Output(page.IMPL_LIST, "children"),
              Input(page.IMPL_SAVE, "n_clicks"), State(page.IMPL_PROJECT, "value"),
              State(page.IMPL_STATUS, "value"), State(page.IMPL_PROGRESS, "value"),
              State(page.IMPL_LANGUAGE, "value"), State(page.IMPL_NOTE, "value"),
              State(page.IMPL_PHOTO, "contents"), prevent_initial_call=True)(publish)
    # Showing the chosen file's name needs no server.
    app.clientside_callback("function(name) { return name || ''; }",
                            Output(page.IMPL_PHOTO_NAME, "children"), Input(page.IMPL_PHOTO, "filename"))
