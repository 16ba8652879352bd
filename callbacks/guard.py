"""Access rules for Dash callbacks, enforced on the server for every callback request.

Each callback is registered through `protected(app, ACCESS, ...)`, which records its rule under
the output key Dash uses in the request body. `init_app` then checks every POST to
`/_dash-update-component`: an unknown callback is refused (deny by default), an anonymous caller
of a non-public callback gets 401 and a caller without the role 403, before any callback code runs.
Identity comes from `flask_login.current_user` only.
"""
from __future__ import annotations

from typing import Callable

import dash
from flask import jsonify, request, session
from flask_login import current_user

from security import SESSION_MFA

PUBLIC = "public"          # anyone, no account
RESIDENT = "resident"      # any logged-in account
VERIFIED = "verified"      # a logged-in resident whose residency is verified
MODERATOR = "moderator"    # city-hall staff (admins too)
OBSERVER = "observer"      # read-only staff: observers, moderators, admins
ADMIN = "admin"
ACCESS_RULES = (PUBLIC, RESIDENT, VERIFIED, MODERATOR, OBSERVER, ADMIN)

_ROLES_FOR = {
    MODERATOR: {"moderator", "admin"},
    OBSERVER: {"observer", "moderator", "admin"},
    ADMIN: {"admin"},
}
REGISTRY_KEY = "ashar_callback_access"


def registry(app: dash.Dash) -> dict[str, str]:
    """Output key → access rule for every callback registered on `app`."""
    return app.server.extensions.setdefault(REGISTRY_KEY, {})


def protected(app: dash.Dash, access: str, *dependencies, **kwargs) -> Callable:
    """Like `app.callback`, but records who may call the callback; use it for every callback."""
    if access not in ACCESS_RULES:
        raise ValueError(f"unknown access rule {access!r}")

    def decorate(function: Callable) -> Callable:
        before = set(app.callback_map)
        wrapped = app.callback(*dependencies, **kwargs)(function)
        for key in set(app.callback_map) - before:
            registry(app)[key] = access
        return wrapped

    return decorate


def allows(access: str, user) -> bool:
    """Whether `user` (Flask-Login's current_user) passes `access`."""
    if access == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if access == RESIDENT:
        return True
    if access == VERIFIED:
        return bool(user.is_verified)
    # Staff powers need the second factor in this very session, not just the right role.
    return user.role in _ROLES_FOR[access] and bool(session.get(SESSION_MFA))


def init_app(app: dash.Dash) -> None:
    """Check the access rule of the called callback before Dash dispatches it."""
    path = app.config.requests_pathname_prefix + "_dash-update-component"
    rules = registry(app)

    @app.server.before_request
    def _guard_callbacks():
        if request.path != path or request.method != "POST":
            return None
        body = request.get_json(silent=True)
        if not _well_formed(body):
            return jsonify(message="Malformed callback request."), 400
        access = rules.get(body["output"])
        if access is None:
            return jsonify(message="This action is not available."), 403
        if allows(access, current_user):
            return None
        if not current_user.is_authenticated:
            return jsonify(message="Please log in first."), 401
        return jsonify(message="You are not allowed to do this."), 403


def _well_formed(body) -> bool:
    """The shape dash-renderer sends; anything else would make Dash itself fail with a 500."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    for part in ("inputs", "state"):
        items = body.get(part, [])
        if not isinstance(items, list):
            return False
        for item in items:
            group = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and "id" in i and isinstance(i.get("property"), str)
                       for i in group):
                return False
    return isinstance(body.get("changedPropIds", []), list)
