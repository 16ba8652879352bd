"""Live tallies, turnout and published results under /api/v1/budgets/<id>/."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_login import current_user

from models.db import get_session
from services import tally as tallies
from services.errors import DomainError
from services.live_cache import for_app
from services.visibility import is_watcher, may_see_tally

from . import ApiError, bp


def budget_or_404(budget_id: int):
    """The budget, or a JSON 404 (drafts exist only for staff)."""
    try:
        return tallies.get_budget(get_session(), budget_id, drafts=is_watcher(current_user))
    except DomainError as error:
        raise ApiError(error.status, str(error)) from None


def visible_budget(budget_id: int):
    """The budget if the caller may see its tallies, else a JSON 403 saying why."""
    budget = budget_or_404(budget_id)
    if not may_see_tally(budget, current_user):
        raise ApiError(403, "Tallies of this budget are not public until voting closes "
                            "(or the result is published); turnout is at /turnout.")
    return budget


def tally_json(tally: dict) -> dict:
    """The public shape of a live tally."""
    return {
        "budget_id": tally["budget_id"],
        "ballots": tally["ballots"],
        "version": tally["version"],
        "projects": [{"id": r["id"], "points": r["points"], "votes": r["points"],
                      "voters": r["voters"], "cost": r["cost"]} for r in tally["projects"]],
        "projections": {"greedy": sorted(tally["greedy"]), "mes": sorted(tally["mes"])},
    }


@bp.get("/v1/budgets/<int:budget_id>/tally")
def tally(budget_id: int):
    """Points and voters per project and what greedy and MES would fund now (≤ 1 s old)."""
    budget = visible_budget(budget_id)
    data = tallies.live_tally(get_session(), for_app(current_app), budget)
    response = jsonify(tally_json(data))
    response.cache_control.no_store = True
    return response


@bp.get("/v1/budgets/<int:budget_id>/turnout")
def turnout(budget_id: int):
    """Ballots by district (share of the census), by channel and by hour; always public."""
    budget = budget_or_404(budget_id)
    data = tallies.live_turnout(get_session(), for_app(current_app), budget)
    response = jsonify(data)
    response.cache_control.no_store = True
    return response


@bp.get("/v1/budgets/<int:budget_id>/results")
def results(budget_id: int):
    """The published result in force and every snapshot (corrections included); 404 before."""
    from services.results import published_results

    budget = budget_or_404(budget_id)
    try:
        return jsonify(published_results(get_session(), budget.id))
    except DomainError as error:
        raise ApiError(error.status, str(error)) from None
