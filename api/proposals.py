"""Open data on proposals (JSON and CSV), implementation updates, and the update photos."""
from __future__ import annotations

import csv
import io

from flask import Response, current_app, jsonify, send_from_directory
from flask_login import current_user

from models.base import LANGUAGES
from models.db import get_session
from services.catalog import MAX_ID
from services.errors import NotFound
from services import implementation
from services.implementation import PHOTO_TYPES, is_photo_name, public_updates
from services.proposals import public_proposals
from services.visibility import is_watcher

from . import ApiError, bp

CSV_FIELDS = ("id", "status", "public_reason", "supports", "merged_into", "title_ky", "title_ru",
              "title_en", "category", "district", "cost", "official_cost", "feasible", "address",
              "latitude", "longitude", "commitment_id", "created_at")


def upload_dir():
    """Where this app keeps update photos."""
    return implementation.upload_dir(current_app.instance_path)


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise ApiError(404, "Not found.")
    return value


def proposal_json(project, supports: int) -> dict:
    """A proposal as open data: no author, no contact data, no moderation notes."""
    return {
        "id": str(project.id), "status": project.status, "public_reason": project.public_reason,
        "supports": supports,
        "merged_into": str(project.merged_into_id) if project.merged_into_id else None,
        **{f"title_{lang}": getattr(project, f"title_{lang}") for lang in LANGUAGES},
        **{f"description_{lang}": getattr(project, f"description_{lang}") for lang in LANGUAGES},
        "category": project.category, "district": project.district.code if project.district else None,
        "cost": project.cost, "official_cost": project.official_cost, "feasible": project.feasible,
        "address": project.address, "latitude": project.latitude, "longitude": project.longitude,
        "commitment_id": project.commitment_id, "created_at": project.created_at.isoformat(),
    }


def _proposals(budget_id: int):
    try:
        return public_proposals(get_session(), _id(budget_id))
    except NotFound as missing:
        raise ApiError(404, str(missing)) from missing


@bp.get("/v1/budgets/<int:budget_id>/proposals")
def proposals(budget_id: int):
    """Every visible proposal of a budget with its status, public reason and supports."""
    return jsonify(budget_id=budget_id, proposals=[proposal_json(p, n) for p, n in _proposals(budget_id)])


def _cell(value) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/v1/budgets/<int:budget_id>/proposals.csv")
def proposals_csv(budget_id: int):
    """The same proposals as CSV, one row each, without author identity."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for project, supports in _proposals(budget_id):
        row = proposal_json(project, supports)
        writer.writerow([_cell(row[name]) for name in CSV_FIELDS])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="proposals-{budget_id}.csv"'})


@bp.get("/v1/projects/<int:project_id>/updates")
def updates(project_id: int):
    """A public project's implementation timeline, newest first."""
    try:
        rows = public_updates(get_session(), _id(project_id))
    except NotFound as missing:
        raise ApiError(404, str(missing)) from missing
    return jsonify(project_id=str(project_id), updates=[{
        "status": u.status, "progress": u.progress, "created_at": u.created_at.isoformat(),
        "notes": {lang: getattr(u, f"note_{lang}") for lang in LANGUAGES},
        "photo": f"/api/v1/photos/{u.photo_path}" if u.photo_path else None,
    } for u in rows])


@bp.get("/v1/photos/<name>")
def photo(name: str):
    """An update photo, with its real type and no sniffing; only names we generate are served."""
    if not is_photo_name(name):
        raise ApiError(404, "Not found.")
    if not (implementation.photo_is_public(get_session(), name) or is_watcher(current_user)):
        raise ApiError(404, "Not found.")  # staff still see it while reviewing the project
    response = send_from_directory(upload_dir(), name, mimetype=PHOTO_TYPES[name.rsplit(".", 1)[1]],
                                   max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
