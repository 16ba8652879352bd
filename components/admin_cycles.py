"""`/admin/cycles`: create and edit budget cycles, and move their phases (admins)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models import District, utcnow
from models.budget import METHODS, PHASES, RULES, VISIBILITIES
from models.db import get_session
from services import cycles
from translations import N_, _, get_locale

from .format import badge, choice_label, money, phase_label

CYCLES_PICK = "cycles-pick"
CYCLES_LIST = "cycles-list"
CYCLES_SAVE = "cycles-save"
CYCLES_MESSAGE = "cycles-message"
CYCLES_CITY_ENVELOPE = "cycles-city-envelope"
CYCLES_ENVELOPE = "cycles-envelope"  # pattern-matching type, one input per district
CYCLES_PHASE = "cycles-phase"
CYCLES_MOVE = "cycles-move"
CYCLES_ADVANCE = "cycles-advance"
CYCLES_PHASE_MESSAGE = "cycles-phase-message"
# Form fields: (id, label, kind); the load callback fills them in this order.
TEXT_FIELDS = [("cycles-slug", N_("Short name (letters, digits, dashes)"), "text"), ("cycles-year", N_("Year"), "number"),
               ("cycles-name-ky", N_("Name in Kyrgyz"), "text"), ("cycles-name-ru", N_("Name in Russian"), "text"),
               ("cycles-name-en", N_("Name in English"), "text"), ("cycles-amount", N_("Amount (som)"), "number")]
DATE_FIELDS = [(f"cycles-{name.replace('_', '-')}", name) for name in cycles.DATE_FIELDS]
DATE_LABELS = {"proposals_start": N_("Proposals open"), "proposals_end": N_("Proposals close"),
               "review_end": N_("Review ends"), "voting_start": N_("Voting opens"), "voting_end": N_("Voting closes"),
               "results_on": N_("Results published")}
CHOICE_FIELDS = [("cycles-method", N_("Voting method"), METHODS), ("cycles-rule", N_("Outcome rule"), RULES),
                 ("cycles-visibility", N_("Tally visibility"), VISIBILITIES)]
LIMIT_FIELDS = [("cycles-max-choices", N_("Most projects a voter may choose (empty: no limit)")),
                ("cycles-min-choices", N_("Fewest projects a voter must choose")),
                ("cycles-max-points", N_("Points each voter spreads (cumulative)")),
                ("cycles-min-spend", N_("Minimum spend, % of the envelope (knapsack)")),
                ("cycles-threshold", N_("Supports a proposal needs to reach review (0: none)"))]
FIELD_IDS = ([i for i, _l, _k in TEXT_FIELDS] + [i for i, _n in DATE_FIELDS] + [i for i, _l, _c in CHOICE_FIELDS]
             + [i for i, _l in LIMIT_FIELDS] + [CYCLES_CITY_ENVELOPE])


def cycle_table(budgets) -> dbc.Table:
    """Every cycle with its phase and amount."""
    locale = get_locale()
    rows = [html.Tr([html.Td(f"#{b.id}"), html.Td(b.text("name", locale)), html.Td(badge(b.phase, phase_label(b.phase))),
                     html.Td(money(b.amount)), html.Td(_("Frozen") if b.frozen_at else "")]) for b in budgets]
    head = html.Thead(html.Tr([html.Th(h) for h in ("#", _("Name"), _("Phase"), _("Amount"), "")]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True)


def _input(component_id: str, label: str, kind: str = "text") -> dbc.Col:
    return dbc.Col([dbc.Label(_(label), html_for=component_id),
                    dbc.Input(id=component_id, type=kind, value="")], xs=12, md=6, className="mb-2")


def form(districts) -> html.Div:
    """The cycle form (empty: a new cycle)."""
    locale = get_locale()
    return html.Div([
        dbc.Row([_input(i, label, kind) for i, label, kind in TEXT_FIELDS]),
        html.H3(_("Envelopes (som)"), className="h6 mt-2"),
        dbc.Row([_input(CYCLES_CITY_ENVELOPE, "City-wide", "number")] + [
            dbc.Col([dbc.Label(d.text("name", locale)),
                     dbc.Input(id={"type": CYCLES_ENVELOPE, "district": d.id}, type="number", value="")],
                    xs=12, md=6, className="mb-2") for d in districts]),
        html.H3(_("Phase dates (Osh time)"), className="h6 mt-2"),
        dbc.Row([_input(i, DATE_LABELS[name], "datetime-local") for i, name in DATE_FIELDS]),
        html.H3(_("Voting"), className="h6 mt-2"),
        dbc.Row([dbc.Col([dbc.Label(_(label), html_for=i),
                          dbc.Select(id=i, options=[{"label": choice_label(v), "value": v} for v in values], value=values[0])],
                         xs=12, md=4, className="mb-2") for i, label, values in CHOICE_FIELDS]),
        dbc.Row([_input(i, label, "number") for i, label in LIMIT_FIELDS]),
        dbc.Button(_("Save cycle"), id=CYCLES_SAVE, color="primary"),
        html.Div(id=CYCLES_MESSAGE, role="status", className="my-2"),
    ])


def layout(**_query) -> html.Div:
    """The cycles, a form to create or edit one, and phase controls."""
    session = get_session()
    cycles.advance_phases(session, utcnow())  # lazily: cron may not run in the demo
    budgets = cycles.list_cycles(session)
    districts = session.query(District).order_by(District.code).all()
    options = [{"label": _("— a new cycle —"), "value": ""}] + [
        {"label": f"#{b.id} {b.text('name', get_locale())}", "value": str(b.id)} for b in budgets]
    return html.Div([
        html.H1(_("Budget cycles")),
        html.Div(cycle_table(budgets), id=CYCLES_LIST),
        dbc.Label(_("Cycle to edit"), html_for=CYCLES_PICK),
        dbc.Select(id=CYCLES_PICK, options=options, value="", className="mb-3"),
        form(districts),
        html.H2(_("Phase"), className="h4 mt-4"),
        dbc.Row([
            dbc.Col(dbc.Select(id=CYCLES_PHASE, options=[{"label": phase_label(p), "value": p} for p in PHASES],
                               value="proposals"), xs=12, md=4),
            dbc.Col(dbc.Button(_("Move the selected cycle to this phase"), id=CYCLES_MOVE, color="warning"), xs="auto"),
            dbc.Col(dbc.Button(_("Apply phase dates now"), id=CYCLES_ADVANCE, color="secondary", outline=True), xs="auto"),
        ], className="g-2"),
        html.Div(id=CYCLES_PHASE_MESSAGE, role="status", className="my-2"),
    ])
