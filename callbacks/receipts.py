"""`/receipts`: look up one receipt code on the bulletin (public: the code is the secret)."""
from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from components import receipts as page
from components.notice import notice
from models.db import get_session
from services.errors import DomainError
from services.receipts import find_receipt, public_budget
from translations import _

from .guard import PUBLIC, protected
from .messages import refusal


def find(_clicks, _submits, budget_id, code):
    """Found (with the choices when tallies are public) or not found."""
    if not isinstance(code, str) or not code.strip():
        raise PreventUpdate
    if isinstance(budget_id, bool) or not isinstance(budget_id, int) or len(code) > 40:
        return notice(_("This receipt code is not on the bulletin."), "warning")
    session = get_session()
    try:
        entry = find_receipt(session, budget_id, code)
    except DomainError as error:
        return refusal(error)
    if entry is None:
        return notice(_("This receipt code is not on the bulletin. Check it, or it was replaced by a "
                        "later vote of yours (only your last ballot counts)."), "warning")
    if entry.choices is None:
        return notice(_("Found: your ballot is counted. Its choices are shown when voting closes."), "success")
    method = public_budget(session, budget_id).method
    titles = page.project_titles(session, budget_id)
    return notice(_("Found: counted as: %(choices)s", choices=page.choices_text(entry, titles, method)), "success")


def register(app) -> None:
    """Attach the bulletin's search to `app`."""
    protected(app, PUBLIC, Output(page.RECEIPTS_RESULT, "children"),
              Input(page.RECEIPTS_FIND, "n_clicks"), Input(page.RECEIPTS_CODE, "n_submit"),
              State(page.RECEIPTS_BUDGET, "data"), State(page.RECEIPTS_CODE, "value"),
              prevent_initial_call=True)(find)
