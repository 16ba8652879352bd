"""/results: switching the budget shown (published results are public)."""
from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from components import results as page
from models.db import get_session

from .guard import PUBLIC, protected
from .messages import as_id


def show(budget_id):
    """Only budgets with a published snapshot can be shown; anything else changes nothing."""
    session = get_session()
    wanted = as_id(budget_id)
    budget = next((b for b in page.published_budgets(session) if b.id == wanted), None)
    if budget is None:
        raise PreventUpdate
    return page.result_view(session, budget)


def register(app) -> None:
    """Attach the budget switch."""
    protected(app, PUBLIC, Output(page.RESULTS_BODY, "children"), Input(page.RESULTS_BUDGET, "value"),
              prevent_initial_call=True)(show)
