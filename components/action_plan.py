"""The Joint Action Plan: commitments, their milestones and the projects they back."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from models.db import get_session
from services.action_plan import CommitmentView, current_action_plan
from services.errors import NotFound
from translations import _

from .format import badge, day, localized, progress_label, status_label

ACTION_PLAN = "action-plan"


def _field(term: str, obj, field: str):
    text, _lang = obj.text_with_language(field, "en")
    if not text:
        return []
    return [html.Dt(term), localized(obj, field, tag=html.Dd, style={"whiteSpace": "pre-line"})]


def _milestones(view: CommitmentView):
    if not view.milestones:
        return None
    return html.Div([
        html.H3(_("Milestones"), className="h6 mt-3"),
        html.Ul([html.Li([
            localized(m, "title"), " — ", html.Span(day(m.due_on), className="text-nowrap"), " ",
            badge(m.status, progress_label(m.status)),
        ], className="list-group-item") for m in view.milestones], className="list-group"),
    ])


def _projects(view: CommitmentView):
    if not view.projects:
        return None
    return html.Div([
        html.H3(_("Projects under this commitment"), className="h6 mt-3"),
        html.Ul([html.Li([dcc.Link(localized(p, "title"), href=f"/projects/{p.id}"), " ",
                          badge(p.status, status_label(p.status))]) for p in view.projects]),
    ])


def commitment_card(view: CommitmentView) -> dbc.Card:
    """One commitment in the OGP Local shape."""
    c = view.commitment
    facts = [*_field(_("Problem"), c, "problem"), *_field(_("Commitment"), c, "description"),
             *_field(_("Lead department"), c, "lead_department")]
    if c.partners:
        facts += [html.Dt(_("Partners")), html.Dd(c.partners)]
    return dbc.Card(dbc.CardBody([
        html.Div(badge(c.status, progress_label(c.status)), className="mb-2"),
        html.H2([f"{c.number}. ", localized(c, "title")], className="h5 card-title"),
        html.Dl(facts),
        _milestones(view),
        _projects(view),
    ]), id=f"commitment-{c.number}", className="mb-3")


def layout(**_query) -> html.Div:
    """The current plan, or a note that none is published yet."""
    try:
        view = current_action_plan(get_session())
    except NotFound:
        return html.Div([html.H1(_("Action plan")),
                         dbc.Alert(_("No action plan has been published yet."), color="light")],
                        id=ACTION_PLAN)
    plan = view.plan
    return html.Div([
        localized(plan, "title", tag=html.H1),
        html.P(_("%(start)s – %(end)s", start=day(plan.starts_on), end=day(plan.ends_on)),
               className="text-muted"),
        localized(plan, "summary", tag=html.P, className="lead", style={"whiteSpace": "pre-line"}),
        html.P(_("Open Osh's commitments under OGP Local, agreed by city hall and civil society. "
                 "Residents' projects put them into practice.")),
        *[commitment_card(v) for v in view.commitments],
    ], id=ACTION_PLAN)
