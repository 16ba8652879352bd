"""The project list's filters: anyone may narrow the public list."""
from __future__ import annotations

from dash import Input, Output

from components.projects import (PROJECTS_BUDGET, PROJECTS_CATEGORY, PROJECTS_DISTRICT, PROJECTS_LIST,
                                 PROJECTS_SEARCH, PROJECTS_STATUS, parse_query, project_list)

from .guard import PUBLIC, protected


def update_list(budget, district, category, status, search):
    """Inputs are untrusted: parse_query drops anything malformed; the service shows only public rows."""
    return project_list(parse_query(budget, district, category, status, search))


def register(app) -> None:
    """Attach the filter callback to `app`."""
    # The first list is rendered with the page, so no request is spent on the initial call.
    protected(app, PUBLIC, Output(PROJECTS_LIST, "children"),
              Input(PROJECTS_BUDGET, "value"), Input(PROJECTS_DISTRICT, "value"),
              Input(PROJECTS_CATEGORY, "value"), Input(PROJECTS_STATUS, "value"),
              Input(PROJECTS_SEARCH, "value"), prevent_initial_call=True)(update_list)
