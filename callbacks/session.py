"""Starting and ending login sessions; the only place that calls login_user and logout_user."""
from __future__ import annotations

import time

from flask import current_app, session
from flask_login import login_user, logout_user

from security import SESSION_AUTH_AT, SESSION_MFA
from services.session_user import parse_session_id

PENDING = "login_pending"        # `id:session_version` of an account whose password was right
PENDING_AT = "login_pending_at"  # when: the code step must follow within PENDING_SECONDS
PENDING_SECONDS = 5 * 60


def start(user, mfa: bool) -> None:
    """A new session for `user`: the old one is dropped first, so a planted session id is useless."""
    lang = session.get("lang")
    session.clear()
    login_user(user)
    session[SESSION_MFA] = bool(mfa)
    session[SESSION_AUTH_AT] = time.time()
    if lang:
        session["lang"] = lang


def await_second_factor(user) -> None:
    """Remember who passed the password step; nobody is logged in until the code follows."""
    session.clear()
    session[PENDING] = user.get_id()
    session[PENDING_AT] = time.time()


def pending_user_id() -> int | None:
    """The account waiting for its code, if the password step was recent."""
    marker, at = session.get(PENDING), session.get(PENDING_AT)
    if not isinstance(marker, str) or not isinstance(at, (int, float)):
        return None
    if time.time() - at > PENDING_SECONDS:
        return None
    parsed = parse_session_id(marker)
    return parsed[0] if parsed else None


def pending_matches(user) -> bool:
    """The pending marker names this very account version (a password change cancels it)."""
    return session.get(PENDING) == user.get_id()


def grant_second_factor() -> None:
    """The current user just proved their second factor in this session (e.g. at enrolment)."""
    session[SESSION_MFA] = True
    session[SESSION_AUTH_AT] = time.time()


def revoke_second_factor() -> None:
    """This session no longer counts as two-factor (the user turned it off)."""
    session[SESSION_MFA] = False


def end() -> None:
    """Log out and forget everything the session held."""
    logout_user()
    session.clear()


def sender() -> str:
    """The configured message backend (ASHAR_SENDER), passed to services that send codes."""
    return current_app.config.get("SENDER", "console")
