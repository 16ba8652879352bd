"""The home page: what Ashar is, and every current budget cycle with what to do next."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.db import get_session
from services.catalog import BudgetSummary, list_budgets
from translations import _

from .format import badge, day, localized, money, number, phase_label

HOME_CYCLES = "home-cycles"


def _actions(summary: BudgetSummary) -> list:
    """The call to action of the cycle's phase, then a link to its projects."""
    b = summary.budget
    projects = f"/projects?budget={b.id}"
    primary = {
        "proposals": (_("Propose a project"), "/propose"),
        "review": (_("See the proposals"), projects),
        "voting": (_("Vote now"), "/vote"),
        "closed": (_("See the turnout"), "/live"),
        "published": (_("See the results"), f"/results?budget={b.id}"),
        "implementation": (_("See the results"), f"/results?budget={b.id}"),
    }.get(b.phase)
    buttons = []
    if primary:
        buttons.append(dbc.Button(primary[0], href=primary[1], color="primary", className="me-2 mb-2"))
    if not primary or primary[1] != projects:
        buttons.append(dbc.Button(_("Browse the projects"), href=projects, color="primary", outline=True,
                                  className="mb-2"))
    return buttons


def _dates(b) -> html.Ul:
    """The phase dates that are set, as a short list."""
    rows = [(_("Proposals"), b.proposals_start, b.proposals_end),
            (_("Voting"), b.voting_start, b.voting_end)]
    items = [html.Li(f"{label}: {day(start)} – {day(end)}") for label, start, end in rows if start or end]
    if b.results_on:
        items.append(html.Li(_("Results: %(date)s", date=day(b.results_on))))
    return html.Ul(items, className="list-unstyled small mb-2")


def cycle_card(summary: BudgetSummary) -> dbc.Card:
    """One budget cycle: name, phase, money, dates, turnout and the next step."""
    b = summary.budget
    return dbc.Card(dbc.CardBody([
        html.Div(badge(b.phase, phase_label(b.phase)), className="mb-2"),
        localized(b, "name", tag=html.H2, className="h5 card-title"),
        html.P(money(b.amount, b.currency), className="fs-4 fw-semibold mb-1"),
        _dates(b),
        html.P(_("Ballots cast so far: %(count)s", count=number(summary.ballots)), className="mb-3"),
        html.Div(_actions(summary)),
    ]), className="h-100")


def layout(**_query) -> html.Div:
    """Rendered per request, so cycles and turnout are current."""
    cycles = list_budgets(get_session())
    if cycles:
        body = dbc.Row([dbc.Col(cycle_card(c), xs=12, md=6, lg=4, className="mb-3") for c in cycles])
    else:
        body = dbc.Alert(_("No budget cycle is open yet. Come back soon."), color="light")
    return html.Div([
        html.H1(_("Ashar: Osh decides together")),
        html.P(_("Ashar lets the residents of Osh propose projects for their city and vote on how part "
                 "of the city budget is spent."), className="lead"),
        html.P(_("City hall publishes the results and reports on the work, and anyone can check "
                 "the count from the open data.")),
        html.Div([
            dbc.Button(_("Browse the projects"), href="/projects", color="primary", outline=True,
                       className="me-2 mb-2"),
            dbc.Button(_("Read the action plan"), href="/action-plan", color="secondary", outline=True,
                       className="mb-2"),
        ], className="mb-3"),
        html.H2(_("Budget cycles"), className="h3 mt-2"),
        html.Div(body, id=HOME_CYCLES),
    ])
