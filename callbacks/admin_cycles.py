"""`/admin/cycles`: save a cycle, load one into the form, move phases. Admins only."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, no_update
from flask_login import current_user

from components import admin_cycles as page
from models import utcnow
from models.db import get_session
from services import cycles
from services.cycles import CycleForm
from services.errors import DomainError, NotFound
from translations import _

from . import parsing
from .guard import ADMIN, protected

OSH = parsing.OSH


def _form(values: list, envelope_values: list, envelope_ids: list) -> CycleForm:
    v = dict(zip(page.FIELD_IDS, values))
    envelopes = {}
    city = parsing.whole(v[page.CYCLES_CITY_ENVELOPE], _("City-wide"), required=False)
    if city:
        envelopes[None] = city
    for component_id, value in zip(envelope_ids or [], envelope_values or []):
        amount = parsing.whole(value, _("Envelopes (som)"), required=False)
        if amount:
            envelopes[parsing.identifier(component_id.get("district") if isinstance(component_id, dict) else None,
                                         _("District"))] = amount
    return CycleForm(
        slug=parsing.text(v["cycles-slug"], _("Short name (letters, digits, dashes)"), required=True),
        year=parsing.whole(v["cycles-year"], _("Year")),
        name_ky=parsing.text(v["cycles-name-ky"]), name_ru=parsing.text(v["cycles-name-ru"]),
        name_en=parsing.text(v["cycles-name-en"]), amount=parsing.whole(v["cycles-amount"], _("Amount (som)")),
        envelopes=envelopes,
        dates={name: parsing.local_datetime(v[i], _(page.DATE_LABELS[name])) for i, name in page.DATE_FIELDS},
        method=parsing.text(v["cycles-method"]), rule=parsing.text(v["cycles-rule"]),
        visibility=parsing.text(v["cycles-visibility"]),
        max_choices=parsing.whole(v["cycles-max-choices"], _("Most projects a voter may choose"), required=False),
        min_choices=parsing.whole(v["cycles-min-choices"], _("Fewest projects a voter must choose"), required=False) or 0,
        max_points=parsing.whole(v["cycles-max-points"], _("Points each voter spreads"), required=False),
        min_spend_percent=parsing.whole(v["cycles-min-spend"], _("Minimum spend"), required=False) or 0,
        support_threshold=parsing.whole(v["cycles-threshold"], _("Support threshold"), required=False) or 0)


def save(_clicks, pick, envelope_values, envelope_ids, *values):
    """Create a cycle, or save the picked one; the service validates and audits."""
    session = get_session()
    try:
        budget_id = parsing.identifier(pick, _("Cycle to edit"), required=False)
        form = _form(list(values), envelope_values, envelope_ids)
        if budget_id is None:
            budget = cycles.create_cycle(session, current_user.id, form)
        else:
            budget = cycles.update_cycle(session, current_user.id, budget_id, form)
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger"), no_update
    return (dbc.Alert(_("Cycle #%(id)s saved.", id=budget.id), color="success"),
            page.cycle_table(cycles.list_cycles(session)))


def _local(value) -> str:
    return value.astimezone(OSH).strftime("%Y-%m-%dT%H:%M") if value else ""


def load(pick, envelope_ids):
    """Fill the form with the picked cycle."""
    session = get_session()
    try:
        budget = cycles.get_cycle(session, parsing.identifier(pick, _("Cycle to edit")))
    except (DomainError, NotFound):
        # The envelopes are a wildcard output: Dash wants a list there, even of no_updates.
        return [*[no_update] * len(page.FIELD_IDS), [no_update] * len(envelope_ids or [])]
    by_district = {e.district_id: e.amount for e in budget.envelopes}
    values = [budget.slug, budget.year, budget.name_ky, budget.name_ru, budget.name_en, budget.amount,
              *[_local(getattr(budget, name)) for _i, name in page.DATE_FIELDS],
              budget.method, budget.rule, budget.visibility, budget.max_choices, budget.min_choices,
              budget.max_points, budget.min_spend_percent, budget.support_threshold, by_district.get(None, "")]
    envelopes = [by_district.get(i.get("district") if isinstance(i, dict) else None, "") for i in envelope_ids or []]
    return [*values, envelopes]


def move(_move, _advance, pick, phase):
    """Move the picked cycle by hand, or apply every cycle's dates now."""
    session = get_session()
    try:
        if ctx.triggered_id == page.CYCLES_ADVANCE:
            moved = cycles.advance_phases(session, utcnow())
            return dbc.Alert(_("%(count)s phase changes applied.", count=len(moved)), color="success")
        budget = cycles.move_phase(session, current_user.id, parsing.identifier(pick, _("Cycle to edit")),
                                   parsing.text(phase))
    except DomainError as error:
        session.rollback()
        return dbc.Alert(parsing.message_of(error), color="danger")
    return dbc.Alert(_("Cycle #%(id)s is now in the phase: %(phase)s", id=budget.id, phase=budget.phase),
                     color="success")


def register(app) -> None:
    """Attach the cycle callbacks (admins only)."""
    envelopes = {"type": page.CYCLES_ENVELOPE, "district": ALL}
    protected(app, ADMIN, Output(page.CYCLES_MESSAGE, "children"), Output(page.CYCLES_LIST, "children"),
              Input(page.CYCLES_SAVE, "n_clicks"), State(page.CYCLES_PICK, "value"),
              State(envelopes, "value"), State(envelopes, "id"),
              *[State(i, "value") for i in page.FIELD_IDS], prevent_initial_call=True)(save)
    protected(app, ADMIN, [Output(i, "value") for i in page.FIELD_IDS], Output(envelopes, "value"),
              Input(page.CYCLES_PICK, "value"), State(envelopes, "id"), prevent_initial_call=True)(load)
    protected(app, ADMIN, Output(page.CYCLES_PHASE_MESSAGE, "children"),
              Input(page.CYCLES_MOVE, "n_clicks"), Input(page.CYCLES_ADVANCE, "n_clicks"),
              State(page.CYCLES_PICK, "value"), State(page.CYCLES_PHASE, "value"),
              prevent_initial_call=True)(move)
