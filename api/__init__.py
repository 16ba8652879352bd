"""The read-only JSON API under /api/v1/, exports, and /healthz."""
from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from models.db import get_session

bp = Blueprint("api", __name__, url_prefix="/api")
FEATURE_MODULES = ("api.budgets", "api.receipts", "api.results", "api.proposals", "api.exports",
                   "api.audit")


class ApiError(Exception):
    """An error answered as JSON with a message and a status code."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return jsonify(message=error.message), error.status


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return jsonify(message=error.description), error.code


@bp.route("/<path:rest>")
def unknown(rest: str):
    """Keep Dash's catch-all page route from answering API paths with HTML."""
    raise ApiError(404, f"No API resource at /api/{rest}.")


def init_app(server: Flask) -> None:
    """Register the API blueprint and the health check."""
    import importlib

    for name in FEATURE_MODULES:  # each attaches its /api/v1/ routes to bp
        importlib.import_module(name)
    server.register_blueprint(bp)

    @server.get("/healthz")
    def healthz():
        try:
            get_session().execute(text("SELECT 1"))
        except Exception:  # any database failure means unhealthy; the message says so
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")
