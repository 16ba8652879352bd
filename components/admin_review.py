"""`/admin/review`: the queue of proposals, and the moderator's tools (feasibility, cost, merge, decide, hide)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.db import get_session
from services import review
from translations import _, get_locale

from .format import badge, category_label, localized, money, status_label
from .markdown import user_markdown

REVIEW_PROJECT = "review-project"
REVIEW_FEASIBLE = "review-feasible"
REVIEW_NOTE = "review-note"
REVIEW_COST = "review-cost"
REVIEW_ASSESS = "review-assess"
REVIEW_REASON = "review-reason"
REVIEW_ACCEPT = "review-accept"
REVIEW_REJECT = "review-reject"
REVIEW_MERGE_INTO = "review-merge-into"
REVIEW_MERGE = "review-merge"
REVIEW_HIDE = "review-hide"
REVIEW_RESTORE = "review-restore"
REVIEW_MESSAGE = "review-message"
REVIEW_QUEUE = "review-queue"
BUTTONS = (REVIEW_ASSESS, REVIEW_ACCEPT, REVIEW_REJECT, REVIEW_MERGE, REVIEW_HIDE, REVIEW_RESTORE)


def _card(project, supports: int) -> dbc.Card:
    """One proposal as a moderator sees it, author's text rendered inert."""
    feasibility = {True: _("Feasible"), False: _("Not feasible"), None: _("Not assessed")}[project.feasible]
    return dbc.Card(dbc.CardBody([
        html.Div([html.Strong(f"#{project.id} "), badge(project.status, status_label(project.status)),
                  dbc.Badge(_("Hidden"), color="danger") if project.hidden_reason else None]),
        localized(project, "title", tag=html.H3, className="h6 mt-2"),
        user_markdown(project.text("description", get_locale())),
        html.P([money(project.cost), " · ", category_label(project.category), " · ", project.address,
                " · ", _("Supports: %(count)s", count=supports), " · ", feasibility], className="small mb-1"),
        html.P(_("Official cost: %(cost)s", cost=money(project.official_cost)), className="small mb-1")
        if project.official_cost else None,
        html.P(project.feasibility_note, className="small text-muted mb-1") if project.feasibility_note else None,
        html.P(_("Hidden because: %(reason)s", reason=project.hidden_reason), className="small text-danger mb-0")
        if project.hidden_reason else None,
    ]), className="mb-2")


def queue(projects=None) -> html.Div:
    """The proposals waiting for a decision, oldest first."""
    session = get_session()
    projects = review.review_queue(session) if projects is None else projects
    if not projects:
        return html.P(_("Nothing to review."), className="text-muted")
    counts = review.queue_supports(session, projects)
    return html.Div([_card(p, counts[p.id]) for p in projects])


def project_options(projects) -> list[dict]:
    """The queue as choices for the tools."""
    return [{"label": f"#{p.id} {p.text('title', get_locale())[:80]}", "value": str(p.id)} for p in projects]


def tools(projects) -> html.Div:
    """One proposal chosen, then one of the actions; every action asks for its reason."""
    options = project_options(projects)
    return html.Div([
        dbc.Label(_("Proposal"), html_for=REVIEW_PROJECT),
        dbc.Select(id=REVIEW_PROJECT, options=options, value=options[0]["value"] if options else ""),
        dbc.Row([
            dbc.Col([dbc.Label(_("Feasible?"), html_for=REVIEW_FEASIBLE),
                     dbc.RadioItems(id=REVIEW_FEASIBLE, value="yes", inline=True, options=[
                         {"label": _("Yes"), "value": "yes"}, {"label": _("No"), "value": "no"}])], xs=12, md=4),
            dbc.Col([dbc.Label(_("Official cost estimate (som)"), html_for=REVIEW_COST),
                     dbc.Input(id=REVIEW_COST, type="number", min=1)], xs=12, md=8),
        ], className="mt-2"),
        dbc.Label(_("Assessment note (public)"), html_for=REVIEW_NOTE),
        dbc.Textarea(id=REVIEW_NOTE, rows=2, maxLength=review.REASON_MAX),
        dbc.Button(_("Save assessment"), id=REVIEW_ASSESS, color="secondary", className="mt-2 mb-3"),
        dbc.Label(_("Reason (public; required to reject, merge or hide)"), html_for=REVIEW_REASON),
        dbc.Textarea(id=REVIEW_REASON, rows=2, maxLength=review.REASON_MAX),
        html.Div([
            dbc.Button(_("Accept for the ballot"), id=REVIEW_ACCEPT, color="success", className="me-2 mt-2"),
            dbc.Button(_("Reject"), id=REVIEW_REJECT, color="danger", className="me-2 mt-2"),
        ]),
        dbc.Label(_("Merge into (the proposal kept)"), html_for=REVIEW_MERGE_INTO, className="mt-3"),
        dbc.Select(id=REVIEW_MERGE_INTO, options=options, value=""),
        dbc.Button(_("Merge as duplicate"), id=REVIEW_MERGE, color="secondary", outline=True, className="mt-2"),
        html.H3(_("Moderation"), className="h6 mt-3"),
        dbc.Button(_("Hide (abusive content)"), id=REVIEW_HIDE, color="danger", outline=True, className="me-2"),
        dbc.Button(_("Show again"), id=REVIEW_RESTORE, color="secondary", outline=True),
        html.Div(id=REVIEW_MESSAGE, role="status", className="my-3"),
    ])


def layout(**_query) -> html.Div:
    """The tools above the queue."""
    projects = review.review_queue(get_session())
    return html.Div([html.H1(_("Review proposals")), tools(projects),
                     html.H2(_("Queue"), className="h4"), html.Div(queue(projects), id=REVIEW_QUEUE)])
