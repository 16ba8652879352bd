"""One project: description, cost, place, status history and implementation progress."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from models.db import get_session
from services.catalog import ProjectDetail, get_project
from services.errors import NotFound
from services.proposals import shown_reason
from translations import _, get_locale

from .format import (badge, category_label, day, localized, money, progress_label, status_label)

PROJECT_DETAIL = "project-detail"
TEXT_BLOCK = {"whiteSpace": "pre-line"}  # keep the author's paragraphs, still rendered as text


def not_found() -> html.Div:
    """A polite answer for an unknown or hidden project."""
    return html.Div([
        html.H1(_("Project not found")),
        html.P(_("There is no public project at this address. It may have been removed by moderation.")),
        dcc.Link(_("Back to all projects"), href="/projects"),
    ], id=PROJECT_DETAIL)


def _facts(detail: ProjectDetail) -> html.Dl:
    p, locale = detail.project, get_locale()
    rows = [(_("Cost"), money(p.ballot_cost))]
    if p.official_cost and p.official_cost != p.cost:
        rows.append((_("Cost proposed by the author"), money(p.cost)))
        rows[0] = (_("Cost (city estimate)"), money(p.official_cost))
    rows += [
        (_("District"), p.district.text("name", locale) if p.district else _("City-wide")),
        (_("Category"), category_label(p.category)),
        (_("Budget cycle"),
         dcc.Link(p.budget.text("name", locale), href=f"/projects?budget={p.budget_id}")),
    ]
    if p.address:
        rows.append((_("Address"), p.address))
    if detail.commitment:
        c = detail.commitment
        rows.append((_("Action plan commitment"),
                     dcc.Link([f"{c.number}. ", localized(c, "title")],
                              href=f"/action-plan#commitment-{c.number}")))
    items = []
    for term, value in rows:
        items += [html.Dt(term, className="col-sm-4"), html.Dd(value, className="col-sm-8")]
    return html.Dl(items, className="row")


def _history(detail: ProjectDetail) -> html.Div:
    if not detail.events:
        return html.Div()
    steps = [html.Li([
        html.Div([badge(e.status, status_label(e.status)),
                  html.Small(day(e.created_at), className="text-muted")]),
        html.P(shown_reason(e.reason) if e.status == "below_threshold" else e.reason,
               className="mb-0 mt-1", style=TEXT_BLOCK) if e.reason else None,
    ], className="list-group-item") for e in detail.events]
    return html.Section([html.H2(_("History"), className="h4"),
                         html.Ol(steps, className="list-group mb-3")])


def _implementation(detail: ProjectDetail) -> html.Div:
    p = detail.project
    if p.implementation_status is None and not detail.updates:
        return html.Div()
    updates = [html.Li([
        html.Div([badge(u.status, progress_label(u.status)),
                  html.Small(f"{day(u.created_at)} · {u.progress}%", className="text-muted")]),
        localized(u, "note", tag=html.P, className="mb-0 mt-1", style=TEXT_BLOCK),
    ], className="list-group-item") for u in detail.updates]
    return html.Section([
        html.H2(_("Implementation"), className="h4"),
        html.P(_("Progress: %(status)s, %(percent)s%% done",
                 status=progress_label(p.implementation_status or "planned"), percent=p.progress)),
        # The bar repeats the sentence above: hidden from screen readers, which read the sentence.
        html.Div(dbc.Progress(value=p.progress, label=f"{p.progress}%", className="mb-3"),
                 **{"aria-hidden": "true"}),
        html.Ul(updates, className="list-group mb-3") if updates else None,
    ])


def layout(project_id: str = "", **_query) -> html.Div:
    """The project at `/projects/<project_id>`, or a polite not-found."""
    try:
        detail = get_project(get_session(), int(project_id))
    except (ValueError, NotFound):
        return not_found()
    p = detail.project
    return html.Div([
        dcc.Link(_("← All projects"), href=f"/projects?budget={p.budget_id}"),
        localized(p, "title", tag=html.H1, className="mt-2"),
        html.Div(badge(p.status, status_label(p.status)), className="mb-3"),
        html.P(shown_reason(p.public_reason), className="text-muted", style=TEXT_BLOCK) if p.public_reason else None,
        html.P(dcc.Link(_("See the project it was merged into"), href=f"/projects/{p.merged_into_id}"))
        if p.status == "merged" and p.merged_into_id else None,
        localized(p, "description", tag=html.P, style=TEXT_BLOCK),
        _facts(detail),
        _implementation(detail),
        _history(detail),
    ], id=PROJECT_DETAIL)
