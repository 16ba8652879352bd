"""`/vote`: choose projects (per method), review, submit once, keep the receipt code."""
from __future__ import annotations

import json
import secrets
from functools import lru_cache

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user
from plotly.io.json import to_json_plotly

from models import utcnow
from models.db import get_session
from services import ballots
from services.ballot_limits import DEFAULT_POINTS
from services.ballots import BallotForm, envelope_name
from services.cycles import advance_phases
from services.errors import DomainError
from translations import _, get_locale

from .format import currency_unit, day, localized, money
from .notice import notice

VOTE_BUDGET = "vote-budget"            # dcc.Store: which budget this page shows (re-checked on the server)
VOTE_KEY = "vote-key"                  # dcc.Store: dedup key of this render, nothing more
VOTE_TEXTS = "vote-texts"              # dcc.Store: translated templates for the browser-side counters
VOTE_CHOICE = "vote-choice"            # {"type", "envelope"}: checklist of one envelope's projects
VOTE_POINTS = "vote-points"            # {"type", "project"}: points for one project (cumulative)
VOTE_COSTS = "vote-costs"              # {"type", "envelope"}: costs and amount, for the running total
VOTE_TOTAL = "vote-total"              # {"type", "envelope"}: running total text
VOTE_PROGRESS = "vote-progress"        # {"type", "envelope"}: running total bar
VOTE_COUNT = "vote-count"              # approval: "3 of 5"
VOTE_POINTS_LEFT = "vote-points-left"  # cumulative: points remaining
VOTE_LIMITS = "vote-limits"            # dcc.Store: max choices / points for the counters
VOTE_CHOOSE = "vote-choose"
VOTE_REVIEW = "vote-review"
VOTE_REVIEW_PANE = "vote-review-pane"
VOTE_SUMMARY = "vote-summary"
VOTE_MESSAGE = "vote-message"
VOTE_CHANGE = "vote-change"
VOTE_SUBMIT = "vote-submit"
VOTE_SUBMIT_MESSAGE = "vote-submit-message"
VOTE_FLOW = "vote-flow"
VOTE_DONE = "vote-done"


def _explain(title: str, text: str, link: tuple[str, str] | None = None) -> html.Div:
    parts = [html.H1(title), html.P(text)]
    if link:
        parts.append(dbc.Button(link[1], href=link[0], color="primary", className="w-100 w-sm-auto"))
    return html.Div(parts)


def _budget_id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) <= 9 else None


def layout(budget=None, change=None, **_kwargs):
    """The ballot of the open budget, or what the reader must do first."""
    if not current_user.is_authenticated:
        return _explain(_("Vote"), _("Log in to vote. Only verified residents of Osh can vote."),
                        ("/login?next=/vote", _("Log in")))
    if not current_user.is_verified:
        return _explain(_("Vote"), _("Your residency is not verified yet. Verify it on your account page, "
                                     "then come back to vote."), ("/account", _("Verify my residency")))
    session = get_session()
    advance_phases(session, utcnow())  # lazily: a passed deadline closes voting even without cron
    budgets = ballots.open_budgets(session)
    chosen = _budget_id(budget)
    if chosen is None:
        if not budgets:
            return _explain(_("Vote"), _("No vote is open right now. You can read the projects meanwhile."),
                            ("/projects", _("See the projects")))
        if len(budgets) > 1:
            return html.Div([html.H1(_("Vote")), html.P(_("Choose the budget to vote in:")), dbc.ListGroup([
                dbc.ListGroupItem(localized(b, "name"), href=f"/vote?budget={b.id}") for b in budgets])])
        chosen = budgets[0].id
    try:
        form = ballots.ballot_form(session, current_user, chosen)
    except DomainError as error:
        return _explain(_("Vote"), _(error.message, **error.params), ("/projects", _("See the projects")))
    roll = ballots.roll_entry(session, current_user, chosen)
    if roll is not None and change != "1":
        return already_voted(form, roll)
    return ballot_page(form, revote=roll is not None)


def already_voted(form: BallotForm, roll) -> html.Div:
    """The voter has a ballot in this budget: say so, and offer to change it when allowed."""
    budget = form.budget
    how = _("on paper") if roll.channel == "paper" else _("online")
    parts = [html.H1(localized(budget, "name")),
             notice(_("You voted on %(date)s (%(how)s). Your ballot is counted.", date=day(roll.updated_at),
                      how=how), "success"),
             html.P(dcc.Link(_("Find your receipt on the public bulletin"), href=f"/receipts?budget={budget.id}"),
                    className="mt-3")]
    if roll.channel == "paper":
        parts.append(html.P(_("A paper ballot cannot be changed online.")))
    elif budget.allow_revote:
        parts.append(html.P(_("You may change your vote until voting closes; only your last ballot counts.")))
        parts.append(dbc.Button(_("Change my vote"), href=f"/vote?budget={budget.id}&change=1",
                                color="secondary", className="w-100 w-sm-auto"))
    else:
        parts.append(html.P(_("This budget does not allow changing a vote.")))
    return html.Div(parts)


def _instructions(form: BallotForm) -> str:
    b = form.budget
    if b.method == "approval":
        if b.max_choices:
            return _("Choose up to %(count)s projects you support.", count=b.max_choices)
        return _("Choose every project you support.")
    if b.method == "cumulative":
        return _("Spread up to %(points)s points over the projects you support.",
                 points=b.max_points or DEFAULT_POINTS)
    text = _("Choose projects whose total cost fits within each budget below.")
    if b.min_spend_percent:
        text += " " + _("Spend at least %(percent)s%% of each, as long as another project still fits.",
                        percent=b.min_spend_percent)
    return text


def _project_label(project) -> html.Div:
    where = localized(project.district, "name") if project.district else _("City-wide")
    return html.Div([
        html.Strong(localized(project, "title")), html.Br(),
        html.Span(money(project.ballot_cost), className="me-2"),
        html.Small(where, className="text-muted me-2"),
        dcc.Link(_("Details"), href=f"/projects/{project.id}", className="small"),
    ])


def _envelope_section(form: BallotForm, envelope) -> dbc.Card:
    projects = [p for p in form.projects if p.envelope_id == envelope.id]
    method = form.budget.method
    header = [html.H2(envelope_name(envelope).capitalize() if envelope.district is None
                      else envelope_name(envelope), className="h5 mb-1")]
    body = []
    if method == "knapsack":
        header.append(html.Div(_("Available: %(amount)s", amount=money(envelope.amount)), className="small"))
        body += [
            dcc.Store(id={"type": VOTE_COSTS, "envelope": envelope.id},
                      data={"costs": {str(p.id): p.ballot_cost for p in projects}, "amount": envelope.amount}),
            # The bar repeats the spoken running total below: hidden from screen readers.
            html.Div(dbc.Progress(id={"type": VOTE_PROGRESS, "envelope": envelope.id}, value=0,
                                  className="mb-1"), **{"aria-hidden": "true"}),
            html.Div(id={"type": VOTE_TOTAL, "envelope": envelope.id}, className="small mb-2",
                     **{"aria-live": "polite"}),
        ]
    if not projects:
        body.append(html.P(_("No projects here."), className="text-muted"))
    elif method == "cumulative":
        body += [dbc.Row([dbc.Col(_project_label(p), xs=8),
                          dbc.Col(dbc.InputGroup([
                              dbc.Input(id={"type": VOTE_POINTS, "project": p.id}, type="number", min=0,
                                        step=1, value=0, inputMode="numeric"),
                              dbc.InputGroupText(_("Points"))]), xs=4)],
                         className="py-2 border-bottom") for p in projects]
    else:
        body.append(dbc.Checklist(
            id={"type": VOTE_CHOICE, "envelope": envelope.id}, value=[],
            options=[{"label": _project_label(p), "value": p.id} for p in projects],
            className="vote-options", labelClassName="py-2 w-100", inputClassName="me-2"))
    return dbc.Card([dbc.CardHeader(header), dbc.CardBody(body)], className="mb-3")


def ballot_page(form: BallotForm, revote: bool = False) -> html.Div:
    """Choose, review, submit; the confirmation replaces the flow."""
    b = form.budget
    counter = []
    if b.method == "approval" and b.max_choices:
        counter = [html.Div(id=VOTE_COUNT, className="fw-bold mb-2", **{"aria-live": "polite"})]
    if b.method == "cumulative":
        counter = [html.Div(id=VOTE_POINTS_LEFT, className="fw-bold mb-2", **{"aria-live": "polite"})]
    choose = html.Div([
        html.P(_instructions(form)), *counter,
        *[_envelope_section(form, e) for e in form.envelopes],
        html.Div(id=VOTE_MESSAGE),
        html.Div(dbc.Button(_("Review my ballot"), id=VOTE_REVIEW, color="primary", size="lg"),
                 className="d-grid mt-3"),
    ], id=VOTE_CHOOSE)
    review = html.Div([
        html.H2(_("Check your ballot"), className="h4"),
        html.Div(id=VOTE_SUMMARY),
        html.Div(id=VOTE_SUBMIT_MESSAGE),
        html.Div([dbc.Button(_("Submit my ballot"), id=VOTE_SUBMIT, color="success", size="lg"),
                  dbc.Button(_("Change"), id=VOTE_CHANGE, color="secondary", outline=True)],
                 className="d-grid gap-2 mt-3"),
    ], id=VOTE_REVIEW_PANE, hidden=True)
    texts = {"count": _("%(n)s of %(k)s chosen"), "left": _("%(n)s of %(k)s points left"),
             "total": _("%(total)s of %(amount)s chosen"), "over": _("Over the limit: remove a project."),
             "unit": currency_unit()}  # the browser formats the running total like money() does
    return html.Div([
        html.H1(localized(b, "name")),
        notice(_("You are changing your vote: only the new ballot will count."), "info") if revote else None,
        dcc.Store(id=VOTE_BUDGET, data=b.id),
        # A fresh key per render: a double click or a retried request cannot cast twice.
        dcc.Store(id=VOTE_KEY, data=secrets.token_urlsafe(24)),
        dcc.Store(id=VOTE_TEXTS, data=texts),
        dcc.Store(id=VOTE_LIMITS, data={"choices": b.max_choices,
                                        "points": b.max_points or DEFAULT_POINTS}),
        html.Div([choose, review], id=VOTE_FLOW),
        html.Div(id=VOTE_DONE),
    ])


def summary(form: BallotForm, choices: dict[int, int]) -> html.Div:
    """The review step: what was chosen, per envelope, with totals."""
    method = form.budget.method
    blocks = []
    for envelope in form.envelopes:
        mine = [p for p in form.projects if p.envelope_id == envelope.id and p.id in choices]
        if not mine:
            continue
        rows = [html.Li([localized(p, "title"), " — ",
                         _("%(points)s points", points=choices[p.id]) if method == "cumulative"
                         else money(p.ballot_cost)]) for p in mine]
        total = (_("Total: %(points)s points", points=sum(choices[p.id] for p in mine)) if method == "cumulative"
                 else _("Total: %(total)s of %(amount)s", total=money(sum(p.ballot_cost for p in mine)),
                        amount=money(envelope.amount)))
        blocks.append(html.Div([html.H3(envelope_name(envelope), className="h6"), html.Ul(rows),
                                html.P(total, className="fw-bold")]))
    return html.Div(blocks)


def confirmation(receipt) -> dict:
    """Shown once after the ballot is stored: the receipt code and what to do with it.

    Returned as the plain JSON Dash sends, from a template built once per language with only the
    code and the link filled in: every ballot ends here, and building and walking a component
    tree per submit cost a tenth of a ballot's time.
    """
    template = _confirmation_template(get_locale())
    children = list(template["props"]["children"])
    for at, prop, value in ((_CODE_AT, "children", receipt.code),
                            (-1, "href", f"/receipts?budget={receipt.budget_id}")):
        children[at] = {**children[at], "props": {**children[at]["props"], prop: value}}
    return {**template, "props": {**template["props"], "children": children}}


_CODE_AT = 2  # the receipt code's place among the confirmation's children


@lru_cache(maxsize=8)
def _confirmation_template(lang: str) -> dict:
    """The confirmation in `lang` as plain JSON, code and link empty (shared, never modified)."""
    return json.loads(to_json_plotly(html.Div([
        notice(_("Your ballot is recorded. Thank you for voting!"), "success"),
        html.P(_("Your receipt code:"), className="mt-3 mb-1"),
        html.P("", className="fs-3 fw-bold font-monospace", id="vote-receipt-code"),
        html.P(_("Write it down or take a photo now: it is shown only this once. With it you can check on "
                 "the public bulletin that your ballot was counted, without anyone learning it is yours.")),
        dcc.Link(_("Open the bulletin"), href=""),
    ])))