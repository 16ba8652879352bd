"""`/vote`: running totals in the browser; review and submit on the server, which re-checks everything."""
from __future__ import annotations

import re

from dash import ALL, MATCH, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import current_app
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from components import ballot as page
from components.notice import notice
from models.db import get_session
from services import ballots
from services.ballot_limits import UNREADABLE
from services.errors import DomainError
from services.live_cache import per_worker
from translations import _

from .guard import VERIFIED, protected
from .messages import clicked, refusal

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CHOICES = State({"type": page.VOTE_CHOICE, "envelope": ALL}, "value")
POINTS = State({"type": page.VOTE_POINTS, "project": ALL}, "value")
POINT_IDS = State({"type": page.VOTE_POINTS, "project": ALL}, "id")


def read_choices(choice_values, point_values, point_ids):
    """The browser's checklists and point inputs as ids (or id → points); junk is refused."""
    if not all(isinstance(v, list) for v in (choice_values, point_values, point_ids)):
        raise DomainError(UNREADABLE)
    if len(point_values) != len(point_ids):
        raise DomainError(UNREADABLE)
    marked = []
    for values in choice_values:
        if values is None:
            continue
        if not isinstance(values, list):
            raise DomainError(UNREADABLE)
        marked += values
    if not point_ids:
        return marked
    points: dict = {pid: 1 for pid in marked}
    for ident, value in zip(point_ids, point_values):
        if not isinstance(ident, dict) or value in (None, "", 0):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # number inputs may send 3.0
        if ident.get("project") in points:
            raise DomainError(UNREADABLE)
        points[ident.get("project")] = value
    return points


def _budget(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("There is no such budget.")
    return value


def review(_review, _change, budget_id, choice_values, point_values, point_ids):
    """Show the summary (choices checked on the server), or go back to choosing."""
    if ctx.triggered_id == page.VOTE_CHANGE:
        return False, True, no_update, None
    session = get_session()
    try:
        form = ballots.ballot_form(session, current_user, _budget(budget_id))
        choices = ballots.check_choices(form, read_choices(choice_values, point_values, point_ids))
    except DomainError as error:
        return no_update, no_update, no_update, refusal(error)
    return True, False, page.summary(form, choices), None


def submit(n_clicks, budget_id, key, choice_values, point_values, point_ids):
    """Cast the ballot; the voter is the logged-in user, everything else is re-validated."""
    if not clicked(n_clicks):
        raise PreventUpdate
    key = key if isinstance(key, str) and KEY_PATTERN.match(key) else None
    session = get_session()
    try:
        receipt = ballots.cast_ballot(
            session, current_user, _budget(budget_id), read_choices(choice_values, point_values, point_ids),
            idempotency_key=key, ballot_key=current_app.config["BALLOT_KEY"],
            options_cache=_options_cache(current_app))
    except DomainError as error:
        return refusal(error), no_update, no_update
    except DBAPIError:
        # The service's transaction rolled back (or never reached the server): nothing was stored.
        current_app.logger.exception("ballot not stored: database error")
        return notice(_("Your ballot was NOT recorded: we could not reach the database. "
                        "Please try again in a minute."), "danger"), no_update, no_update
    return None, True, page.confirmation(receipt)


def _options_cache(server) -> ballots.OptionsCache:
    """This worker's ballot-options cache, held by the app."""
    return per_worker(server, "ashar_ballot_options", ballots.OptionsCache)


# Browser-side helpers: they only show totals; the server checks every limit again.
KNAPSACK_TOTAL = """
function(value, data, options, texts) {
    var costs = data.costs, amount = data.amount, total = 0;
    value = value || [];
    value.forEach(function (v) { total += costs[String(v)] || 0; });
    var left = amount - total;
    var opts = (options || []).map(function (o) {
        var chosen = value.indexOf(o.value) >= 0;
        return Object.assign({}, o, {disabled: !chosen && costs[String(o.value)] > left});
    });
    var lang = document.documentElement.lang || undefined;  // the page's language, as money() on the server
    function som(n) { return n.toLocaleString(lang) + (texts.unit ? '\u00a0' + texts.unit : ''); }
    var text = texts.total.replace('%(total)s', som(total)).replace('%(amount)s', som(amount));
    if (total > amount) { text += ' ' + texts.over; }
    return [text, Math.min(100, Math.round(100 * total / amount)), total > amount ? 'danger' : 'success', opts];
}"""
APPROVAL_COUNT = """
function(values, limits, texts) {
    var n = 0;
    (values || []).forEach(function (v) { n += (v || []).length; });
    return texts.count.replace('%(n)s', n).replace('%(k)s', limits.choices);
}"""
POINTS_LEFT = """
function(values, limits, texts) {
    var used = 0;
    (values || []).forEach(function (v) { var x = parseInt(v, 10); if (x > 0) { used += x; } });
    return texts.left.replace('%(n)s', limits.points - used).replace('%(k)s', limits.points);
}"""


def register(app) -> None:
    """Attach the ballot page's callbacks to `app`."""
    protected(app, VERIFIED,
              Output(page.VOTE_CHOOSE, "hidden"), Output(page.VOTE_REVIEW_PANE, "hidden"),
              Output(page.VOTE_SUMMARY, "children"), Output(page.VOTE_MESSAGE, "children"),
              Input(page.VOTE_REVIEW, "n_clicks"), Input(page.VOTE_CHANGE, "n_clicks"),
              State(page.VOTE_BUDGET, "data"), CHOICES, POINTS, POINT_IDS,
              prevent_initial_call=True)(review)
    protected(app, VERIFIED,
              Output(page.VOTE_SUBMIT_MESSAGE, "children"), Output(page.VOTE_FLOW, "hidden"),
              Output(page.VOTE_DONE, "children"),
              Input(page.VOTE_SUBMIT, "n_clicks"),
              State(page.VOTE_BUDGET, "data"), State(page.VOTE_KEY, "data"), CHOICES, POINTS, POINT_IDS,
              prevent_initial_call=True)(submit)
    app.clientside_callback(
        KNAPSACK_TOTAL,
        Output({"type": page.VOTE_TOTAL, "envelope": MATCH}, "children"),
        Output({"type": page.VOTE_PROGRESS, "envelope": MATCH}, "value"),
        Output({"type": page.VOTE_PROGRESS, "envelope": MATCH}, "color"),
        Output({"type": page.VOTE_CHOICE, "envelope": MATCH}, "options"),
        Input({"type": page.VOTE_CHOICE, "envelope": MATCH}, "value"),
        State({"type": page.VOTE_COSTS, "envelope": MATCH}, "data"),
        State({"type": page.VOTE_CHOICE, "envelope": MATCH}, "options"),
        State(page.VOTE_TEXTS, "data"))
    app.clientside_callback(APPROVAL_COUNT, Output(page.VOTE_COUNT, "children"),
                            Input({"type": page.VOTE_CHOICE, "envelope": ALL}, "value"),
                            State(page.VOTE_LIMITS, "data"), State(page.VOTE_TEXTS, "data"))
    app.clientside_callback(POINTS_LEFT, Output(page.VOTE_POINTS_LEFT, "children"),
                            Input({"type": page.VOTE_POINTS, "project": ALL}, "value"),
                            State(page.VOTE_LIMITS, "data"), State(page.VOTE_TEXTS, "data"))
