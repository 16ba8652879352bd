"""`/propose`: verified residents write a proposal, manage their own, and support others'."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user
from sqlalchemy import select

from models import Commitment, District, Project, utcnow
from models.base import LANGUAGES
from models.db import get_session
from models.project import CATEGORIES
from services import proposals
from services.cycles import advance_phases
from services.proposals import ADDRESS_MAX, DESCRIPTION_MAX, TITLE_MAX
from translations import _, get_locale

from .format import badge, category_label, language_name, localized, money, status_label
from .support import support_widget

PROPOSE_CYCLE = "propose-cycle"
PROPOSE_LANGUAGE = "propose-language"
PROPOSE_TITLE = "propose-title"
PROPOSE_DESCRIPTION = "propose-description"
PROPOSE_PREVIEW = "propose-preview"
PROPOSE_DISTRICT = "propose-district"
PROPOSE_CATEGORY = "propose-category"
PROPOSE_COST = "propose-cost"
PROPOSE_ADDRESS = "propose-address"
PROPOSE_LATITUDE = "propose-latitude"
PROPOSE_LONGITUDE = "propose-longitude"
PROPOSE_COMMITMENT = "propose-commitment"
PROPOSE_EDITING = "propose-editing"
PROPOSE_SUBMIT = "propose-submit"
PROPOSE_WITHDRAW = "propose-withdraw"
PROPOSE_MESSAGE = "propose-message"
PROPOSE_MINE = "propose-mine"
PROPOSE_OPEN = "propose-open"
CITY_WIDE = "city"
# Form fields in the order the load callback fills them.
FORM_FIELDS = (PROPOSE_CYCLE, PROPOSE_LANGUAGE, PROPOSE_TITLE, PROPOSE_DESCRIPTION, PROPOSE_DISTRICT,
               PROPOSE_CATEGORY, PROPOSE_COST, PROPOSE_ADDRESS, PROPOSE_LATITUDE, PROPOSE_LONGITUDE,
               PROPOSE_COMMITMENT)


def _field(label: str, control, help_text: str | None = None) -> html.Div:
    return html.Div([dbc.Label(label, html_for=control.id), control,
                     dbc.FormText(help_text) if help_text else None], className="mb-3")


def _options(pairs) -> list[dict]:
    return [{"label": label, "value": value} for value, label in pairs]


def form(cycles) -> html.Div:
    """The proposal form; the server re-checks every value."""
    session = get_session()
    if not cycles:  # kept in the page (hidden) so the form's callbacks always find their fields
        return html.Div(form_fields([], [], []), hidden=True)
    districts = session.scalars(select(District).order_by(District.code)).all()
    commitments = session.scalars(select(Commitment).order_by(Commitment.number)).all()
    return html.Div(form_fields(cycles, districts, commitments))


def form_fields(cycles, districts, commitments) -> list:
    """The form's controls (the options may be empty)."""
    locale = get_locale()
    return [
        _field(_("Budget cycle"), dbc.Select(id=PROPOSE_CYCLE, value=str(cycles[0].id) if cycles else "", options=_options(
            (str(b.id), b.text("name", locale)) for b in cycles))),
        _field(_("Language you write in"), dbc.Select(id=PROPOSE_LANGUAGE, value=locale, options=_options(
            (lang, language_name(lang)) for lang in LANGUAGES))),
        _field(_("Title"), dbc.Input(id=PROPOSE_TITLE, maxLength=TITLE_MAX, value="")),
        _field(_("Description"), dbc.Textarea(id=PROPOSE_DESCRIPTION, maxLength=DESCRIPTION_MAX, rows=6,
                                              value="", debounce=True),
               _("Plain text or simple Markdown (**bold**, lists, links to web pages).")),
        html.Div(id=PROPOSE_PREVIEW, className="border rounded p-2 mb-3 small", **{"aria-live": "polite"}),
        _field(_("District"), dbc.Select(id=PROPOSE_DISTRICT, value=CITY_WIDE, options=_options(
            [(CITY_WIDE, _("City-wide"))] + [(str(d.id), d.text("name", locale)) for d in districts]))),
        _field(_("Category"), dbc.Select(id=PROPOSE_CATEGORY, value="other", options=_options(
            (c, category_label(c)) for c in CATEGORIES))),
        _field(_("Estimated cost (som)"), dbc.Input(id=PROPOSE_COST, type="number", min=1, step=1)),
        _field(_("Address or place"), dbc.Input(id=PROPOSE_ADDRESS, maxLength=ADDRESS_MAX, value="")),
        dbc.Row([
            dbc.Col(_field(_("Latitude (optional)"), dbc.Input(id=PROPOSE_LATITUDE, type="number", step="any")), xs=6),
            dbc.Col(_field(_("Longitude (optional)"), dbc.Input(id=PROPOSE_LONGITUDE, type="number", step="any")), xs=6),
        ]),
        _field(_("Action plan commitment (optional)"), dbc.Select(id=PROPOSE_COMMITMENT, value="", options=_options(
            [("", _("None"))] + [(str(c.id), f"{c.number}. {c.text('title', locale)}") for c in commitments]))),
        dbc.Button(_("Submit proposal"), id=PROPOSE_SUBMIT, color="primary", className="me-2"),
    ]


def mine_options(projects) -> list[dict]:
    """The author's proposals they may still edit or withdraw."""
    options = [{"label": _("— a new proposal —"), "value": ""}]
    return options + [{"label": f"#{p.id} {p.text('title', get_locale())}", "value": str(p.id)}
                      for p in projects if p.status in proposals.WITHDRAWABLE]


def mine_list(projects) -> html.Div:
    """The author's proposals with status, reason, and why one was hidden."""
    if not projects:
        return html.P(_("You have not proposed anything yet."), className="text-muted")
    counts = proposals.support_counts(get_session(), [p.id for p in projects])
    return html.Ul([html.Li([
        badge(p.status, status_label(p.status)),
        localized(p, "title", tag=html.Strong),
        html.Span(" · " + _("Supports: %(count)s", count=counts[p.id]), className="text-muted"),
        html.Div(proposals.shown_reason(p.public_reason), className="small") if p.public_reason else None,
        html.Div(_("Hidden by a moderator: %(reason)s", reason=p.hidden_reason), className="small text-danger")
        if p.hidden_reason else None,
    ], className="list-group-item") for p in projects], className="list-group mb-3")


def open_list(cycles) -> html.Div:
    """Proposals of the open cycles, each with its support button."""
    ids = [b.id for b in cycles]
    projects = get_session().scalars(
        select(Project).where(Project.budget_id.in_(ids), Project.status == "proposed",
                              Project.hidden_reason.is_(None)).order_by(Project.id.desc())).all()
    if not projects:
        return html.P(_("No proposals yet: be the first."), className="text-muted")
    return html.Div([dbc.Card(dbc.CardBody([
        dcc.Link(localized(p, "title", tag=html.H3, className="h6"), href=f"/projects/{p.id}"),
        html.P([money(p.cost), " · ", category_label(p.category), " · ", p.address], className="small mb-2"),
        support_widget(p, collecting=True),
    ]), className="mb-2") for p in projects])


def layout(**_query) -> html.Div:
    """Who may propose sees the form; everybody sees why they may not."""
    title = html.H1(_("Propose a project"))
    if not current_user.is_authenticated:
        return html.Div([title, html.P([_("Please log in first."), " ",
                                        dcc.Link(_("Log in"), href="/login?next=/propose")])])
    if not current_user.is_verified:
        return html.Div([title, html.P(_("Only verified residents of Osh can do this.")),
                         dcc.Link(_("Verify your residency on your account page"), href="/account")])
    session = get_session()
    advance_phases(session, utcnow())  # lazily, so a passed deadline closes proposals even without cron
    cycles = proposals.open_cycles(session)
    mine = proposals.my_proposals(session, current_user)
    body = [form(cycles)] + ([] if cycles else [dbc.Alert(_("No budget cycle is taking proposals right now."),
                                                          color="light")])
    return html.Div([
        title,
        *body,
        html.Div(id=PROPOSE_MESSAGE, role="status", className="my-3"),
        html.H2(_("My proposals"), className="h4 mt-4"),
        html.Div(mine_list(mine), id=PROPOSE_MINE),
        dbc.Label(_("Edit or withdraw one of my proposals"), html_for=PROPOSE_EDITING),
        dbc.Select(id=PROPOSE_EDITING, value="", options=mine_options(mine), className="mb-2"),
        dbc.Button(_("Withdraw this proposal"), id=PROPOSE_WITHDRAW, color="danger", outline=True, size="sm"),
        html.H2(_("Proposals collecting support"), className="h4 mt-4"),
        html.Div(open_list(cycles), id=PROPOSE_OPEN),
    ])
