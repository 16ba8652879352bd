"""/admin/publish: close voting, preview the count, publish (or correct) the result."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy import select

from models import Budget
from models.db import get_session
from translations import _, get_locale

from .format import money, phase_label
from .outcome_text import explain, rule_label

PUBLISH_BUDGET = "publish-budget"
PUBLISH_CLOSE = "publish-close"
PUBLISH_PREVIEW = "publish-preview"
PUBLISH_REASON = "publish-reason"
PUBLISH_SUBMIT = "publish-submit"
PUBLISH_DIGEST = "publish-digest"
PUBLISH_RESULT = "publish-result"
PUBLISH_DONE = "publish-done"


def preview_view(result: dict, titles: dict) -> html.Div:
    """What publishing would record: selection, spending, explanations and the data digest."""
    selected = set(result["selected"])
    rows = sorted(result["tallies"]["projects"].items(), key=lambda kv: -kv[1]["points"])
    return html.Div([
        html.H2(_("Preview under %(rule)s", rule=rule_label(result["rule"])), className="h4"),
        html.P(_("%(count)s ballots counted; %(spent)s spent.", count=result["ballots_counted"],
                 spent=money(result["spent"]))),
        dbc.Table([html.Thead(html.Tr([html.Th(_("Project")), html.Th(_("Votes")),
                                       html.Th(_("Cost")), html.Th(_("Outcome"))])),
                   html.Tbody([html.Tr([
                       html.Td(titles.get(pid, f"#{pid}")), html.Td(row["points"]),
                       html.Td(money(row["cost"])),
                       html.Td([html.Strong(_("Funded") if pid in selected else _("Not funded")),
                                html.Br(), explain(result["explanations"].get(pid))])])
                       for pid, row in rows])], size="sm", striped=True, responsive=True),
        html.P([_("SHA-256 of the exported ballots: "), html.Code(result["pb_sha256"])]),
    ])


def layout(**_query) -> html.Div:
    """Budgets that can be closed, counted or corrected."""
    lang = get_locale()
    budgets = get_session().scalars(select(Budget).where(
        Budget.phase.in_(("voting", "closed", "published", "implementation"))).order_by(Budget.id.desc()))
    options = [{"label": f"{b.text('name', lang)} · {phase_label(b.phase)}", "value": str(b.id)}
               for b in budgets]
    return html.Div([
        html.H1(_("Close and publish")),
        html.P(_("Publishing needs a login with your code within the last 10 minutes. A published "
                 "result never changes; a correction is published beside it with a reason.")),
        dbc.Label(_("Budget"), html_for=PUBLISH_BUDGET),
        dbc.Select(id=PUBLISH_BUDGET, options=options, value=options[0]["value"] if options else None),
        html.Div([
            dbc.Button(_("Close voting now"), id=PUBLISH_CLOSE, color="warning", className="me-2"),
            dbc.Button(_("Preview the count"), id=PUBLISH_PREVIEW, color="secondary"),
        ], className="my-3"),
        dbc.Label(_("Reason (required for a correction)"), html_for=PUBLISH_REASON),
        dbc.Textarea(id=PUBLISH_REASON, maxLength=2000, className="mb-2"),
        dbc.Button(_("Publish the result"), id=PUBLISH_SUBMIT, color="primary"),
        html.Div(id=PUBLISH_DONE, role="status"),
        dcc.Store(id=PUBLISH_DIGEST),
        html.Div(id=PUBLISH_RESULT, className="mt-3", role="status"),
    ])
