"""`/admin/paper`: a moderator types in a paper ballot for a resident found on the census roll."""
from __future__ import annotations

import secrets

import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy import select

from models import Project
from models.db import get_session
from services import ballots
from translations import _

from .format import localized, money

PAPER_BUDGET = "paper-budget"
PAPER_NUMBER = "paper-number"
PAPER_BIRTH = "paper-birth"
PAPER_CHOICES = "paper-choices"
PAPER_KEY = "paper-key"
PAPER_SUBMIT = "paper-submit"
PAPER_MESSAGE = "paper-message"


def new_key() -> str:
    """A dedup key for one entry: a double click records the ballot once."""
    return secrets.token_urlsafe(24)


def _projects(budget) -> html.Div:
    projects = get_session().scalars(select(Project).where(Project.budget_id == budget.id,
                                                           Project.status == "accepted")
                                     .order_by(Project.envelope_id, Project.id)).all()
    rows = [html.Tr([html.Td(str(p.id)), html.Td(localized(p, "title")),
                     html.Td(localized(p.district, "name") if p.district else _("City-wide")),
                     html.Td(money(p.ballot_cost))]) for p in projects]
    return dbc.Table([html.Thead(html.Tr([html.Th(_("No.")), html.Th(_("Project")), html.Th(_("District")),
                                          html.Th(_("Cost"))])), html.Tbody(rows)],
                     size="sm", responsive=True, className="mt-3")


def layout(budget=None, **_kwargs):
    """The entry form for the chosen open budget, and its project numbers."""
    open_budgets = ballots.open_budgets(get_session())
    chosen = next((b for b in open_budgets if str(b.id) == budget), None)
    if chosen is None and len(open_budgets) == 1:
        chosen = open_budgets[0]
    if chosen is None:
        if not open_budgets:
            return html.Div([html.H1(_("Paper ballots")), html.P(_("No vote is open right now."))])
        return html.Div([html.H1(_("Paper ballots")), dbc.ListGroup([
            dbc.ListGroupItem(localized(b, "name"), href=f"/admin/paper?budget={b.id}") for b in open_budgets])])
    hint = (_("Project numbers with points, e.g. 12:3, 14:2") if chosen.method == "cumulative"
            else _("Project numbers, e.g. 12, 14, 15"))
    return html.Div([
        html.H1(_("Paper ballots")),
        html.H2(localized(chosen, "name"), className="h5"),
        html.P(_("Identify the resident by their personal number and birth date from their passport. "
                 "The same checks as online apply; a resident who voted online cannot vote on paper.")),
        dcc.Store(id=PAPER_BUDGET, data=chosen.id),
        dcc.Store(id=PAPER_KEY, data=new_key()),
        dbc.Label(_("Personal number (14 digits)"), html_for=PAPER_NUMBER),
        dbc.Input(id=PAPER_NUMBER, inputMode="numeric", maxLength=14, autoComplete="off"),
        dbc.Label(_("Birth date"), html_for=PAPER_BIRTH, className="mt-2"),
        dbc.Input(id=PAPER_BIRTH, type="date"),
        dbc.Label(_("Choices on the paper ballot"), html_for=PAPER_CHOICES, className="mt-2"),
        dbc.Input(id=PAPER_CHOICES, placeholder=hint, autoComplete="off"),
        html.Div(dbc.Button(_("Record the paper ballot"), id=PAPER_SUBMIT, color="primary"),
                 className="d-grid mt-3"),
        html.Div(id=PAPER_MESSAGE, **{"aria-live": "polite"}),
        _projects(chosen),
    ])
