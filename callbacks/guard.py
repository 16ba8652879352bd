"""Access rules for Dash callbacks, enforced on the server for every callback request.

Each callback is registered through `protected(app, ACCESS, ...)`, which records its rule under
the output key Dash uses in the request body. `init_app` then checks every POST to
`/_dash-update-component`, before any callback code runs:
- a body that is not what dash-renderer sends for that callback → 400 (Dash would answer 500);
- an unknown callback → 403 (deny by default);
- an anonymous caller of a non-public callback → 401; a caller without the role → 403;
  staff rules also need the second factor passed in this session (`SESSION_MFA`);
- `fresh=True` callbacks (publishing, roles, 2FA changes) need a recent login → 403;
- `limit=True` callbacks (login, codes, census) are throttled per IP and per account → 429.
Identity comes from `flask_login.current_user` only.
"""
from __future__ import annotations

import re
from typing import Callable

import dash
from flask import Flask, current_app, jsonify, request, session
from flask_login import current_user
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from security import SESSION_MFA, login_is_fresh
from translations import _

PUBLIC = "public"          # anyone, no account
RESIDENT = "resident"      # any logged-in account
VERIFIED = "verified"      # a logged-in resident whose residency is verified
MODERATOR = "moderator"    # city-hall staff (admins too)
OBSERVER = "observer"      # read-only staff: observers, moderators, admins
ADMIN = "admin"
ACCESS_RULES = (PUBLIC, RESIDENT, VERIFIED, MODERATOR, OBSERVER, ADMIN)
STAFF_RULES = (MODERATOR, OBSERVER, ADMIN)

_ROLES_FOR = {
    MODERATOR: {"moderator", "admin"},
    OBSERVER: {"observer", "moderator", "admin"},
    ADMIN: {"admin"},
}
REGISTRY_KEY = "ashar_callback_access"
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_ESCAPED_FORBIDDEN = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
OPTIONS_KEY = "ashar_callback_options"
DEFAULT_LIMIT = "10/minute"  # per IP and per account, for each throttled callback


def registry(app: dash.Dash) -> dict[str, str]:
    """Output key → access rule for every callback registered on `app`."""
    return app.server.extensions.setdefault(REGISTRY_KEY, {})


def options(app: dash.Dash) -> dict[str, dict]:
    """Output key → {"fresh": bool, "limit": bool} for every callback registered on `app`."""
    return app.server.extensions.setdefault(OPTIONS_KEY, {})


def protected(app: dash.Dash, access: str, *dependencies, fresh: bool = False,
              limit: bool = False, **kwargs) -> Callable:
    """Like `app.callback`, but records who may call the callback; use it for every callback.

    `fresh`: the caller must have logged in within the last minutes (security.FRESH_SECONDS).
    `limit`: throttle the callback per IP and per account (config AUTH_RATE_LIMIT, 10/minute).
    """
    if access not in ACCESS_RULES:
        raise ValueError(f"unknown access rule {access!r}")
    if fresh and access == PUBLIC:
        raise ValueError("a fresh login needs a logged-in rule, not PUBLIC")

    def decorate(function: Callable) -> Callable:
        before = set(app.callback_map)
        wrapped = app.callback(*dependencies, **kwargs)(function)
        for key in set(app.callback_map) - before:
            registry(app)[key] = access
            options(app)[key] = {"fresh": fresh, "limit": limit}
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
    """Check the called callback's rule, freshness and rate limit before Dash dispatches it."""
    # The route Flask dispatches (routes_…), not the URL the browser sees behind a proxy (requests_…).
    path = app.config.routes_pathname_prefix + "_dash-update-component"
    rules, extra = registry(app), options(app)
    limiter = _init_limiter(app.server)

    @app.server.before_request
    def _guard_callbacks():
        rule = request.url_rule.rule if request.url_rule is not None else request.path
        if rule != path or request.method != "POST":
            return None
        body = request.get_json(silent=True)
        if not _well_formed(body):
            return _refuse(400, _("Malformed callback request."))
        # PostgreSQL refuses NUL in text: fail here with a message, not a 500.
        if _may_hide_nul(request.get_data()) and _has_nul(body):
            return _refuse(400, _("The form contains a character that is not allowed. Remove it and try again."))
        access = rules.get(body["output"])
        if access is None:
            return _refuse(403, _("This action is not available."))
        if not _matches_spec(body, app.callback_map[body["output"]]):
            return _refuse(400, _("Malformed callback request."))
        if not allows(access, current_user):
            if not current_user.is_authenticated:
                return _refuse(401, _("Please log in first."))
            if access in STAFF_RULES and current_user.role in _ROLES_FOR[access]:
                return _refuse(403, _("Staff actions need two-factor login: log out, then log in "
                                      "with your authenticator code."))
            return _refuse(403, _("You are not allowed to do this."))
        opts = extra.get(body["output"], {})
        if opts.get("fresh") and not login_is_fresh():
            return _refuse(403, _("For your security, log out and log in again to do this."))
        if opts.get("limit") and not _within_limit(limiter, body["output"]):
            return _refuse(429, _("Too many attempts. Please wait a minute and try again."))
        return None


def _refuse(status: int, message: str):
    return jsonify(message=message), status


def _init_limiter(server: Flask) -> RateLimiter | None:
    """Counters for throttled callbacks: Redis when REDIS_URL is set (shared by workers), else memory.

    The `limits` library directly, which is Flask-Limiter's engine: Flask-Limiter's own hook ran
    on every request to look for route limits, which Ashar does not use (3% of a ballot's CPU).
    None when RATELIMIT_ENABLED is false.
    """
    uri = server.config.setdefault("RATELIMIT_STORAGE_URI", server.config.get("REDIS_URL") or "memory://")
    if not server.config.get("RATELIMIT_ENABLED", True):
        return None
    return FixedWindowRateLimiter(storage_from_string(uri))


def _within_limit(limiter: RateLimiter | None, output_key: str) -> bool:
    """Count this call against its callback's limit, keyed by IP and, if logged in, by account."""
    if limiter is None:
        return True
    item = parse_limit(current_app.config.get("AUTH_RATE_LIMIT", DEFAULT_LIMIT))
    keys = [("ip", request.remote_addr or "unknown")]
    if current_user.is_authenticated:
        keys.append(("user", str(current_user.id)))
    # Every key is hit (no short circuit), so a throttled caller keeps paying for each try.
    return all([limiter.hit(item, "ashar-callback", output_key, kind, value) for kind, value in keys])


def _well_formed(body) -> bool:
    """The shape dash-renderer sends; anything else would make Dash itself fail with a 500."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    for part in ("inputs", "state"):
        items = body.get(part, [])
        if not isinstance(items, list) or not all(_well_formed_group(i) for i in items):
            return False
    outputs = body.get("outputs", [])
    if not (_is_prop(outputs) or isinstance(outputs, list) and all(_well_formed_group(o) for o in outputs)):
        return False
    changed = body.get("changedPropIds", [])
    return isinstance(changed, list) and all(isinstance(c, str) for c in changed)


def _may_hide_nul(raw: bytes) -> bool:
    """False when the body cannot carry a NUL or a lone surrogate, so the walk is not needed.

    JSON forbids raw control characters in strings, so in a plain ASCII body they can only come
    as a \\u0000 or \\uD800–\\uDFFF escape. A zero byte means UTF-16 or UTF-32 (which JSON
    readers accept, and where the escape is spread over zero bytes): walked too, as are bodies
    with other text. Most callbacks send ASCII UTF-8.
    """
    return not raw.isascii() or b"\x00" in raw or _ESCAPED_FORBIDDEN.search(raw) is not None


def _has_nul(value, depth: int = 0) -> bool:
    """Whether a NUL or a lone surrogate (not encodable as UTF-8) hides anywhere in the body."""
    if depth > 64:
        return True
    if isinstance(value, str):
        return _FORBIDDEN.search(value) is not None
    if isinstance(value, dict):
        return any(_has_nul(k, depth + 1) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


def _well_formed_group(item) -> bool:
    return all(_is_prop(i) for i in item) if isinstance(item, list) else _is_prop(item)


def _is_prop(item) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("id"), (str, dict))
            and isinstance(item.get("property"), str))


def _matches_spec(body: dict, spec: dict) -> bool:
    """Inputs and state name the registered components in order, so the function gets its arguments.

    Pattern-matching dependencies (dict ids) may expand to lists; only their count is checked.
    """
    expected = [*spec.get("inputs", []), *spec.get("state", [])]
    sent = [*body.get("inputs", []), *body.get("state", [])]
    if len(expected) != len(sent):
        return False
    for want, got in zip(expected, sent):
        if str(want.get("id", "")).startswith("{"):
            continue
        if not (isinstance(got, dict) and got.get("id") == want.get("id")
                and got.get("property") == want.get("property")):
            return False
    return _outputs_match(body)


def _outputs_match(body: dict) -> bool:
    """The `outputs` list says the same as the `output` key (Dash shapes its answer from it)."""
    key = body["output"]
    if "{" in key or "outputs" not in body:
        return True
    outputs = body["outputs"]

    def name(o) -> str:
        return f"{o['id']}.{o['property'].split('@')[0]}"

    built = (".." + "...".join(name(o) for o in outputs) + ".." if isinstance(outputs, list)
             else name(outputs))
    strip = ".".join(part.split("@")[0] for part in key.split("."))
    return built == strip
