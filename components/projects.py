"""The project list: filters (pre-filled from the address) and the matching project cards."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from models.db import get_session
from models.project import CATEGORIES, STATUSES
from services.catalog import (LISTED_STATUSES, MAX_ID, SEARCH_MAX, ProjectQuery, list_budgets,
                              list_districts, list_projects)
from translations import _, get_locale

from .format import badge, category_label, localized, money, status_label

PROJECTS_BUDGET = "projects-budget"
PROJECTS_DISTRICT = "projects-district"
PROJECTS_CATEGORY = "projects-category"
PROJECTS_STATUS = "projects-status"
PROJECTS_SEARCH = "projects-search"
PROJECTS_LIST = "projects-list"
# The "no filter" option; not "", which dbc.Select keeps for its (unselectable) placeholder.
ANY = "any"


def _text(value) -> str:
    """A filter value as text; non-strings (forged inputs) and the "any" option become ""."""
    text = value.strip() if isinstance(value, str) else ""
    return "" if text == ANY else text


def parse_query(budget=None, district=None, category=None, status=None, search=None) -> ProjectQuery:
    """Filters from the address or the filter inputs; anything malformed means "any"."""
    budget, district, category, status = map(_text, (budget, district, category, status))
    budget_id = int(budget) if budget.isascii() and budget.isdigit() and 0 < int(budget) <= MAX_ID else None
    return ProjectQuery(
        budget_id=budget_id,
        district=district[:32] or None,
        category=category if category in CATEGORIES else None,
        statuses=(status,) if status in STATUSES else LISTED_STATUSES,
        search=_text(search)[:SEARCH_MAX])


def project_card(project) -> dbc.Card:
    """A project as a card: title (a link to its page), cost, district, category, status."""
    district = project.district.text("name", get_locale()) if project.district else _("City-wide")
    return dbc.Card(dbc.CardBody([
        html.Div([badge(project.status, status_label(project.status)),
                  html.Span(category_label(project.category), className="small text-muted")],
                 className="mb-2"),
        dcc.Link(localized(project, "title", tag=html.H2, className="h5 card-title"),
                 href=f"/projects/{project.id}"),
        html.P(money(project.ballot_cost), className="fw-semibold mb-1"),
        html.P([district, " · ", project.budget.text("name", get_locale())], className="small mb-0"),
    ]), className="h-100")


def project_list(query: ProjectQuery) -> html.Div:
    """The projects matching `query`, with their count announced to screen readers."""
    projects = list_projects(get_session(), query)
    if not projects:
        return html.Div(dbc.Alert(_("No projects match these filters."), color="light"),
                        role="status")
    return html.Div([
        html.P(_("Projects found: %(count)s", count=len(projects)), role="status", className="text-muted"),
        dbc.Row([dbc.Col(project_card(p), xs=12, md=6, lg=4, className="mb-3") for p in projects]),
    ])


def _select(component_id: str, label: str, options: list[tuple[str, str]], value: str) -> dbc.Col:
    known = {v for v, _label in options}
    return dbc.Col([
        dbc.Label(label, html_for=component_id),
        dbc.Select(id=component_id, options=[{"label": text, "value": v} for v, text in options],
                   value=value if value in known else ANY),
    ], xs=12, sm=6, lg=3, className="mb-2")


def filters(query: ProjectQuery, budgets, districts) -> html.Div:
    """The filter form; values not among the options are shown as "any"."""
    locale = get_locale()
    status = query.statuses[0] if len(query.statuses) == 1 else ANY
    return html.Div([
        dbc.Row([
            _select(PROJECTS_BUDGET, _("Budget cycle"),
                    [(ANY, _("All cycles"))]
                    + [(str(s.budget.id), s.budget.text("name", locale)) for s in budgets],
                    str(query.budget_id or ANY)),
            _select(PROJECTS_DISTRICT, _("District"),
                    [(ANY, _("All districts"))] + [(d.code, d.text("name", locale)) for d in districts],
                    query.district or ANY),
            _select(PROJECTS_CATEGORY, _("Category"),
                    [(ANY, _("All categories"))] + [(c, category_label(c)) for c in CATEGORIES],
                    query.category or ANY),
            _select(PROJECTS_STATUS, _("Status"),
                    [(ANY, _("All current"))] + [(s, status_label(s)) for s in STATUSES], status),
        ]),
        dbc.Label(_("Search titles and descriptions"), html_for=PROJECTS_SEARCH),
        dbc.Input(id=PROJECTS_SEARCH, type="search", value=query.search, maxLength=SEARCH_MAX,
                  debounce=400, placeholder=_("e.g. park, школа, жол"), className="mb-3"),
    ], role="search")


def layout(budget=None, district=None, category=None, status=None, search=None, **_ignored) -> html.Div:
    """Filters from `?budget=…&district=…&category=…&status=…&search=…`, then the list."""
    session = get_session()
    budgets, districts = list_budgets(session), list_districts(session)
    query = parse_query(budget, district, category, status, search)
    if query.district and query.district not in {d.code for d in districts}:
        query = parse_query(budget, None, category, status, search)  # unknown district: show all
    return html.Div([
        html.H1(_("Projects")),
        html.P(_("Every project residents proposed, with its cost and where it stands.")),
        filters(query, budgets, districts),
        html.Div(project_list(query), id=PROJECTS_LIST, **{"aria-live": "polite"}),
    ])
