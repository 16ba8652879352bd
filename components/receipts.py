"""`/receipts`: the public bulletin of ballots and a search for one's own receipt code."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy import select

from models import Budget, Project
from models.db import get_session
from services.errors import NotFound
from services.receipts import Bulletin, BulletinEntry, bulletin
from translations import _, get_locale

from .format import localized

RECEIPTS_BUDGET = "receipts-budget"
RECEIPTS_CODE = "receipts-code"
RECEIPTS_FIND = "receipts-find"
RECEIPTS_RESULT = "receipts-result"
SHOWN_MAX = 500  # the page lists this many; the JSON export holds them all


def project_titles(session, budget_id: int) -> dict[int, str]:
    """Project id → title in the reader's language, for the choices shown."""
    projects = session.scalars(select(Project).where(Project.budget_id == budget_id))
    return {p.id: p.text("title", get_locale()) for p in projects}


def choices_text(entry: BulletinEntry, titles: dict[int, str], method: str) -> str:
    """"Park lights; Water taps" (with points for cumulative ballots)."""
    if method == "cumulative":
        return "; ".join(_("%(title)s: %(points)s points", title=titles.get(p, f"#{p}"), points=n)
                         for p, n in entry.choices.items())
    return "; ".join(titles.get(p, f"#{p}") for p in entry.choices)


def _default_budget(session) -> int | None:
    order = (Budget.year.desc(), Budget.id.desc())
    for phases in (("voting",), ("closed", "published", "implementation")):
        found = session.scalar(select(Budget.id).where(Budget.phase.in_(phases)).order_by(*order).limit(1))
        if found:
            return found
    return None


def _entries(board: Bulletin, titles: dict[int, str]) -> html.Div:
    if not board.entries:
        return html.P(_("No ballots yet."))
    rows = [html.Li([html.Code(e.receipt_sha256, className="text-break"),
                     html.Div(choices_text(e, titles, board.budget.method), className="small")
                     if e.choices is not None else None], className="list-group-item")
            for e in board.entries[:SHOWN_MAX]]
    more = len(board.entries) - SHOWN_MAX
    note = html.P(_("%(count)s more in the JSON export.", count=more)) if more > 0 else None
    return html.Div([html.Ol(rows, className="list-group list-group-numbered"), note])


def layout(budget=None, **_kwargs):
    """The bulletin of one budget: search box, visibility note, list of receipt hashes."""
    session = get_session()
    budget_id = int(budget) if isinstance(budget, str) and budget.isdigit() and len(budget) <= 9 else None
    budget_id = budget_id or _default_budget(session)
    try:
        board = bulletin(session, budget_id or 0)
    except NotFound:
        return html.Div([html.H1(_("Ballot bulletin")), html.P(_("There is no such budget."))])
    titles = project_titles(session, board.budget.id) if board.choices_public else {}
    note = (_("Each ballot is listed by the SHA-256 hash of its receipt code, with its choices: anyone can "
              "recount from this list.") if board.choices_public else
            _("Tallies of this budget stay hidden until voting closes, so only the receipt hashes are listed "
              "now; the choices appear here when voting closes."))
    return html.Div([
        html.H1(_("Ballot bulletin")),
        html.H2(localized(board.budget, "name"), className="h5"),
        html.P(note),
        dcc.Store(id=RECEIPTS_BUDGET, data=board.budget.id),
        dbc.Label(_("Your receipt code"), html_for=RECEIPTS_CODE),
        dbc.InputGroup([dbc.Input(id=RECEIPTS_CODE, placeholder="XXXX-XXXX-XXXX-XXXX", maxLength=40,
                                  autoComplete="off"),
                        dbc.Button(_("Find my ballot"), id=RECEIPTS_FIND, color="primary")]),
        html.Div(id=RECEIPTS_RESULT, className="mb-3", **{"aria-live": "polite"}),
        html.P([_("%(count)s ballots.", count=len(board.entries)), " ",
                html.A(_("Download as JSON"), href=f"/api/v1/receipts/{board.budget.id}")]),
        _entries(board, titles),
    ])
