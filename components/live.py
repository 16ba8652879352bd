"""/live: votes per project with greedy and MES projections, and turnout, refreshed every 2 s."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user

from models.db import get_session
from services.tally import live_budgets
from services.visibility import may_see_tally
from translations import _, get_locale

from .chart_tables import table_alternative
from .format import phase_label

LIVE_BUDGET = "live-budget"
LIVE_INTERVAL = "live-interval"
LIVE_VERSION = "live-version"
LIVE_STATUS = "live-status"
LIVE_VOTES = "live-votes"
LIVE_PROJECTIONS = "live-projections"
LIVE_TALLY = "live-tally"
LIVE_TURNOUT_TOTAL = "live-turnout-total"
LIVE_TURNOUT_TIME = "live-turnout-time"
LIVE_DISTRICTS = "live-districts"
REFRESH_MS = 2000
GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


def _selector(budgets, chosen) -> html.Div:
    """A budget selector; with a single live budget it is only a heading."""
    lang = get_locale()
    options = [{"label": f"{b.text('name', lang)} · {phase_label(b.phase)}", "value": str(b.id)}
               for b in budgets]
    select = dbc.Select(id=LIVE_BUDGET, options=options, value=str(chosen.id))
    return html.Div([dbc.Label(_("Budget"), html_for=LIVE_BUDGET), select], className="mb-3",
                    hidden=len(budgets) < 2)


def layout(budget: str | None = None, **_query) -> html.Div:
    """The live page; the first data arrives with the first refresh, right after load."""
    budgets = live_budgets(get_session())
    if not budgets:
        return html.Div([html.H1(_("Live results")),
                         dbc.Alert(_("No budget is being voted on right now."), color="light")])
    chosen = next((b for b in budgets if str(b.id) == str(budget)), budgets[0])
    graph = {"config": GRAPH_CONFIG, "figure": {"data": [], "layout": {"height": 360}}}
    return html.Div([
        html.H1(_("Live results")),
        _selector(budgets, chosen),
        html.Div(id=LIVE_STATUS, role="status"),
        html.Div([
            dcc.Graph(id=LIVE_VOTES, **graph),
            html.H2(_("Projects funded if voting ended now"), className="h4 mt-3"),
            html.Div(id=LIVE_PROJECTIONS),
        ], id=LIVE_TALLY, hidden=not may_see_tally(chosen, current_user)),
        html.H2(_("Turnout"), className="h4 mt-4"),
        html.P(id=LIVE_TURNOUT_TOTAL, className="lead"),
        dbc.Row([dbc.Col([dcc.Graph(id=LIVE_TURNOUT_TIME, **graph),
                          table_alternative(LIVE_TURNOUT_TIME, [_("Time (UTC)"), _("Ballots so far")])],
                         md=6),
                 dbc.Col([dcc.Graph(id=LIVE_DISTRICTS, **graph),
                          table_alternative(LIVE_DISTRICTS, [_("District"), _("% of residents"),
                                                             _("Ballots")])], md=6)]),
        dcc.Interval(id=LIVE_INTERVAL, interval=REFRESH_MS),
        dcc.Store(id=LIVE_VERSION),
    ])
