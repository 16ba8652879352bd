"""Downloads: the anonymised ballots as `.pb`, and the published result as CSV and JSON.

Each response carries its SHA-256 in `X-Content-SHA256`, the digest the results page shows.
"""
from __future__ import annotations

from flask import Response, request

from models.db import get_session
from services import exports
from services.errors import DomainError
from services.results import snapshot_json, snapshots

from . import ApiError, bp
from .results import budget_or_404, visible_budget


def _download(text: str, name: str, mimetype: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-SHA256"] = exports.sha256(text)
    return response


@bp.get("/v1/budgets/<int:budget_id>/export.pb")
def export_pb(budget_id: int):
    """Every ballot of one envelope (`?envelope=ID`, default the first) without pseudonyms."""
    budget = visible_budget(budget_id)  # ballots reveal the tally: same rule as /tally
    envelope = request.args.get("envelope", "")
    if envelope and not (envelope.isascii() and envelope.isdigit() and len(envelope) < 10):
        raise ApiError(400, "envelope must be a number.")
    try:
        name, text = exports.export_pb(get_session(), budget, int(envelope) if envelope else None)
    except DomainError as error:
        raise ApiError(error.status, str(error)) from None
    return _download(text, name, "text/plain; charset=utf-8")


def _published(budget_id: int) -> dict:
    budget = budget_or_404(budget_id)
    history = snapshots(get_session(), budget.id)
    if not history:
        raise ApiError(404, "The results of this budget have not been published yet.")
    return {"slug": budget.slug, **snapshot_json(history[0])}


@bp.get("/v1/budgets/<int:budget_id>/results.csv")
def results_csv(budget_id: int):
    """The published result, one row per project."""
    snapshot = _published(budget_id)
    return _download(exports.results_csv(snapshot), f"ashar_{snapshot['slug']}_results.csv",
                     "text/csv; charset=utf-8")


@bp.get("/v1/budgets/<int:budget_id>/results.json")
def results_json(budget_id: int):
    """The published snapshot in force, as canonical JSON."""
    snapshot = _published(budget_id)
    return _download(exports.results_json(snapshot), f"ashar_{snapshot['slug']}_results.json",
                     "application/json")
