"""`/admin/paper`: record a paper ballot (moderators), with the same checks as online voting."""
from __future__ import annotations

import re

from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate
from flask import current_app
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from components import admin_paper as page
from components.notice import notice
from models.db import get_session
from services.errors import DomainError
from services.paper import enter_paper_ballot
from translations import _

from .guard import MODERATOR, protected
from .messages import clicked, done, refusal

ITEM = re.compile(r"^\s*(\d{1,9})\s*(?::\s*(\d{1,9}))?\s*$")
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def parse_choices(text) -> dict[int, int]:
    """"12, 14" or "12:3, 14:2" as project id → points."""
    if not isinstance(text, str) or not text.strip() or len(text) > 2000:
        raise DomainError("Type the project numbers marked on the paper ballot.")
    choices: dict[int, int] = {}
    for part in re.split(r"[,;\s]+", re.sub(r"\s*:\s*", ":", text.strip())):
        match = ITEM.match(part)
        if not match or int(match.group(1)) in choices:
            raise DomainError("Could not read %(part)s: type project numbers like 12, 14 (or 12:3 for points).",
                              part=part[:20])
        choices[int(match.group(1))] = int(match.group(2) or 1)
    return choices


def record(n_clicks, budget_id, number, birth, choices, key):
    """Enter the ballot; on success clear the form for the next one."""
    if not clicked(n_clicks):
        raise PreventUpdate
    keep = (no_update,) * 4
    if isinstance(budget_id, bool) or not isinstance(budget_id, int):
        return (refusal(DomainError("There is no such budget.")), *keep)
    try:
        receipt = enter_paper_ballot(
            get_session(), current_user, budget_id, number, birth, parse_choices(choices),
            census_key=current_app.config["CENSUS_KEY"], ballot_key=current_app.config["BALLOT_KEY"],
            idempotency_key=key if isinstance(key, str) and KEY.match(key) else None)
    except DomainError as error:
        return (refusal(error), *keep)
    except DBAPIError:
        current_app.logger.exception("paper ballot not stored: database error")
        return (notice(_("The ballot was NOT recorded: we could not reach the database. Please try again."),
                       "danger"), *keep)
    return (done(_("Paper ballot recorded. Receipt code for the resident: %(code)s", code=receipt.code)),
            "", "", "", page.new_key())


def register(app) -> None:
    """Attach the paper-ballot form to `app`."""
    protected(app, MODERATOR,
              Output(page.PAPER_MESSAGE, "children"), Output(page.PAPER_NUMBER, "value"),
              Output(page.PAPER_BIRTH, "value"), Output(page.PAPER_CHOICES, "value"),
              Output(page.PAPER_KEY, "data"),
              Input(page.PAPER_SUBMIT, "n_clicks"),
              State(page.PAPER_BUDGET, "data"), State(page.PAPER_NUMBER, "value"), State(page.PAPER_BIRTH, "value"),
              State(page.PAPER_CHOICES, "value"), State(page.PAPER_KEY, "data"),
              prevent_initial_call=True)(record)
