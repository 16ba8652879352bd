"""/live refresh: every 2 s, send only what changed since the version the page already shows."""
from __future__ import annotations

import hashlib
import json

import dash_bootstrap_components as dbc
from dash import Input, Output, Patch, State, html, no_update
from plotly.io.json import to_json_plotly
from dash.exceptions import PreventUpdate
from flask import current_app
from flask_login import current_user

from components import charts
from components.format import money, number, phase_label
from components.live import (LIVE_BUDGET, LIVE_DISTRICTS, LIVE_INTERVAL, LIVE_PROJECTIONS,
                             LIVE_STATUS, LIVE_TALLY, LIVE_TURNOUT_TIME, LIVE_TURNOUT_TOTAL,
                             LIVE_VERSION, LIVE_VOTES)
from components.outcome_text import rule_label
from models.db import get_session
from services import tally as tallies
from services.tally import TALLY_TTL
from services.errors import DomainError
from services.live_cache import LiveCache, for_app, per_worker
from services.visibility import effective_phase, may_see_tally
from translations import _, get_locale

from .guard import PUBLIC, protected

OUTPUTS = 8


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def projections_table(tally: dict, titles: dict) -> dbc.Table:
    """Greedy and MES side by side: which projects each would fund now."""
    greedy, mes = set(tally["greedy"]), set(tally["mes"])
    yes, no = "✓ " + _("funded"), "—"
    rows = sorted(tally["projects"], key=lambda r: (-r["points"], int(r["id"])))
    head = html.Thead(html.Tr([html.Th(_("Project")), html.Th(_("Cost")), html.Th(_("Votes")),
                               html.Th(_("Greedy by votes")), html.Th(_("Equal shares (MES)"))]))
    body = html.Tbody([html.Tr([html.Td(charts.label(titles, r["id"])), html.Td(money(r["cost"])),
                                html.Td(number(r["points"])),
                                html.Td(yes if r["id"] in greedy else no),
                                html.Td(yes if r["id"] in mes else no)]) for r in rows])
    # A scrolling region must take keyboard focus, so it can be scrolled without a mouse.
    return html.Div(dbc.Table([head, body], striped=True, size="sm"), className="table-responsive",
                    tabIndex="0", role="region", **{"aria-label": _("Projects funded if voting ended now")})


def _status(budget, visible: bool) -> list:
    phase = effective_phase(budget)
    parts = [html.Strong(phase_label(phase)), " · ", _("Outcome rule: %(rule)s", rule=rule_label(budget.rule))]
    if not visible:
        parts += [html.Br(), _("Vote counts are hidden until voting closes; turnout is public.")]
    return parts


def refresh(_n, budget_value, shown):
    """Inputs are untrusted: the budget id is parsed and re-checked against the caller's rights."""
    session = get_session()
    try:
        budget = tallies.budget_status(session, _worker_cache(current_app, "ashar_live_budgets"),
                                       int(budget_value))
    except (TypeError, ValueError, OverflowError, DomainError):
        raise PreventUpdate
    shown = shown if isinstance(shown, dict) else {}
    cache = for_app(current_app)
    visible = may_see_tally(budget, current_user)
    tally = tallies.live_tally(session, cache, budget) if visible else None
    turnout = tallies.live_turnout(session, cache, budget)
    context = _digest(budget.id, get_locale(), visible, effective_phase(budget))
    tally_version = _digest(tally["version"], tally["mes"]) if tally else "hidden"
    turnout_version = _digest(turnout["by_district"], turnout["by_channel"], turnout["by_hour"])
    same_page = shown.get("context") == context
    if same_page and shown.get("tally") == tally_version and shown.get("turnout") == turnout_version:
        raise PreventUpdate  # a 204: nothing to send to this screen
    # Every screen that last saw the same versions gets the same answer: build it once a second.
    changes = (same_page, shown.get("tally") == tally_version, shown.get("turnout") == turnout_version)
    key = (context, tally_version, turnout_version, changes)
    return _worker_cache(current_app, "ashar_live_renders").get(
        "render", key, lambda: _plain(_render(session, cache, budget, visible, tally, turnout, shown,
                                              same_page, key)), TALLY_TTL)[0]


def _worker_cache(server, name: str) -> LiveCache:
    """A small in-process cache held by the app (renders and budget rows are per worker)."""
    return per_worker(server, name, lambda: LiveCache(max_entries=64))


def _plain(outputs: list) -> list:
    """Outputs as plain JSON data, converted once per render rather than by Dash per request:
    a cached answer is then sent to every screen without walking its components again."""
    return [value if value is no_update else json.loads(to_json_plotly(value)) for value in outputs]


def _render(session, cache, budget, visible, tally, turnout, shown, same_page, key):
    """The outputs for a screen showing `shown`: full figures for a new page, Patches after."""
    context, tally_version, turnout_version, _changes = key
    out = [no_update] * OUTPUTS
    version = {"context": context, "tally": tally_version, "turnout": turnout_version}
    titles = tallies.live_labels(session, cache, budget)
    if not same_page:
        out[0], out[1] = _status(budget, visible), not visible
    if tally and (not same_page or shown.get("tally") != tally_version):
        funded = set(tally["greedy"] if budget.rule == "greedy" else tally["mes"])
        figure = charts.votes_figure(tally["projects"], funded, titles["projects"], rule_label(budget.rule))
        if same_page:
            out[2] = Patch()
            out[2]["data"], out[2]["layout"]["shapes"] = figure["data"], figure["layout"].get("shapes", [])
        else:
            out[2] = figure
        out[3] = projections_table(tally, titles["projects"])
    if not same_page or shown.get("turnout") != turnout_version:
        out[4] = _("%(count)s ballots: %(online)s online, %(paper)s on paper",
                   count=number(turnout["ballots"]), online=number(turnout["by_channel"]["online"]),
                   paper=number(turnout["by_channel"]["paper"]))
        time_figure = charts.turnout_time_figure(turnout["by_hour"])
        district_figure = charts.district_figure(turnout["by_district"], titles["districts"])
        if same_page:
            out[5], out[6] = Patch(), Patch()
            out[5]["data"], out[6]["data"] = time_figure["data"], district_figure["data"]
        else:
            out[5], out[6] = time_figure, district_figure
    out[7] = version
    return out


def register(app) -> None:
    """Attach the refresh callback; anyone may call it, the tally part is checked inside."""
    protected(app, PUBLIC,
              Output(LIVE_STATUS, "children"), Output(LIVE_TALLY, "hidden"),
              Output(LIVE_VOTES, "figure"), Output(LIVE_PROJECTIONS, "children"),
              Output(LIVE_TURNOUT_TOTAL, "children"), Output(LIVE_TURNOUT_TIME, "figure"),
              Output(LIVE_DISTRICTS, "figure"), Output(LIVE_VERSION, "data"),
              Input(LIVE_INTERVAL, "n_intervals"), Input(LIVE_BUDGET, "value"),
              State(LIVE_VERSION, "data"))(refresh)
