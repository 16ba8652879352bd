"""`/admin/plan`: the Joint Action Plan, its commitments (OGP Local shape) and milestones (admins)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.base import LANGUAGES
from models.db import get_session
from models.plan import COMMITMENT_STATUSES, MILESTONE_STATUSES
from services import plan_editing
from translations import _, get_locale

from .format import badge, day, language_name, localized, progress_label

PLAN_LANGUAGE = "plan-language"
PLAN_TITLE, PLAN_SUMMARY, PLAN_STARTS, PLAN_ENDS, PLAN_SAVE = (
    "plan-title", "plan-summary", "plan-starts", "plan-ends", "plan-save")
PLAN_COMMITMENT = "plan-commitment"
COMMITMENT_FIELDS = ("plan-c-title", "plan-c-problem", "plan-c-description", "plan-c-lead", "plan-c-partners",
                     "plan-c-status")
PLAN_COMMITMENT_SAVE = "plan-c-save"
PLAN_MILESTONE = "plan-milestone"
MILESTONE_FIELDS = ("plan-m-title", "plan-m-due", "plan-m-status")
PLAN_MILESTONE_SAVE = "plan-m-save"
PLAN_MESSAGE = "plan-message"
PLAN_OVERVIEW = "plan-overview"
BUTTONS = (PLAN_SAVE, PLAN_COMMITMENT_SAVE, PLAN_MILESTONE_SAVE)


def overview(plan=None) -> html.Div:
    """The plan as it stands: commitments with status and milestones."""
    plan = plan or plan_editing.current_plan(get_session())
    if plan is None:
        return html.P(_("No action plan yet: create one above."), className="text-muted")
    return html.Div([localized(plan, "title", tag=html.H2, className="h4"), html.Ol([html.Li([
        localized(c, "title", tag=html.Strong), " ", badge(c.status, progress_label(c.status)),
        html.Ul([html.Li([day(m.due_on), " · ", localized(m, "title"), " ",
                          badge(m.status, progress_label(m.status))]) for m in c.milestones], className="small"),
    ]) for c in plan.commitments])])


def _input(component_id, label, kind="text", **props):
    return html.Div([dbc.Label(_(label), html_for=component_id),
                     dbc.Input(id=component_id, type=kind, **props)], className="mb-2")


def _area(component_id, label):
    return html.Div([dbc.Label(_(label), html_for=component_id),
                     dbc.Textarea(id=component_id, rows=2, maxLength=plan_editing.TEXT_MAX)], className="mb-2")


def _select(component_id, label, values, labeller, value=None):
    return html.Div([dbc.Label(_(label), html_for=component_id), dbc.Select(
        id=component_id, value=value if value is not None else values[0],
        options=[{"label": labeller(v), "value": v} for v in values])], className="mb-2")


def layout(**_query) -> html.Div:
    """Three small forms (plan, commitment, milestone) and the plan as it stands."""
    plan = plan_editing.current_plan(get_session())
    locale = get_locale()
    commitments = [{"label": _("— a new commitment —"), "value": ""}] + [
        {"label": f"{c.number}. {c.text('title', locale)[:80]}", "value": str(c.id)} for c in (plan.commitments if plan else [])]
    return html.Div([
        html.H1(_("Action plan")),
        _select(PLAN_LANGUAGE, "Language you write in", LANGUAGES, language_name, locale),
        html.H2(_("The plan"), className="h5 mt-3"),
        _input(PLAN_TITLE, "Title", value=plan.text("title", locale) if plan else ""),
        _area(PLAN_SUMMARY, "Summary"),
        dbc.Row([dbc.Col(_input(PLAN_STARTS, "Starts on", "date", value=plan.starts_on.isoformat() if plan else ""), xs=6),
                 dbc.Col(_input(PLAN_ENDS, "Ends on", "date", value=plan.ends_on.isoformat() if plan else ""), xs=6)]),
        dbc.Button(_("Save plan"), id=PLAN_SAVE, color="primary"),
        html.H2(_("Commitment"), className="h5 mt-4"),
        dbc.Select(id=PLAN_COMMITMENT, options=commitments, value="", className="mb-2"),
        _input("plan-c-title", "Title"), _area("plan-c-problem", "Problem"),
        _area("plan-c-description", "Commitment"), _input("plan-c-lead", "Lead department"),
        _area("plan-c-partners", "Civil-society partners"),
        _select("plan-c-status", "Status", COMMITMENT_STATUSES, progress_label),
        dbc.Button(_("Save commitment"), id=PLAN_COMMITMENT_SAVE, color="primary"),
        html.H2(_("Milestone of the chosen commitment"), className="h5 mt-4"),
        dbc.Select(id=PLAN_MILESTONE, value="", className="mb-2", options=[{"label": _("— a new milestone —"), "value": ""}] + [
            {"label": f"{m.due_on} {m.text('title', locale)[:60]}", "value": str(m.id)}
            for c in (plan.commitments if plan else []) for m in c.milestones]),
        _input("plan-m-title", "Title"), _input("plan-m-due", "Due on", "date"),
        _select("plan-m-status", "Status", MILESTONE_STATUSES, progress_label),
        dbc.Button(_("Save milestone"), id=PLAN_MILESTONE_SAVE, color="primary"),
        html.Div(id=PLAN_MESSAGE, role="status", className="my-3"),
        html.Div(overview(plan), id=PLAN_OVERVIEW),
    ])
