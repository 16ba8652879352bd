"""The ballot bulletin as open data: receipt hashes, and choices once tallies are public."""
from __future__ import annotations

from flask import jsonify

from models.db import get_session
from services.errors import DomainError
from services.receipts import bulletin

from . import ApiError, bp


@bp.get("/v1/receipts/<int:budget_id>")
def receipts(budget_id: int):
    """Every ballot of a budget by receipt hash (sorted), so anyone can recount; no voter, no time."""
    try:
        board = bulletin(get_session(), budget_id)
    except DomainError as error:
        raise ApiError(error.status, error.message % error.params if error.params else error.message)
    return jsonify(board.as_json())
