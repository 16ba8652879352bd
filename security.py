"""Sessions, CSRF (double submit), security headers and the remembered language.

Every Dash callback is a public POST endpoint, so these checks run on the server for every
request, whatever the page shows.
"""
from __future__ import annotations

import hmac
import secrets
import time

from flask import Flask, g, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager
from itsdangerous import BadSignature
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from translations import LANGUAGES

CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads and sends back as X-CSRFToken
CSRF_HEADER = "X-CSRFToken"
LANG_COOKIE = "lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DOCUMENT_TYPES = frozenset({"text/html", "image/svg+xml"})  # responses a browser renders as a page
# Session keys set at login: whether a second factor was passed, and when the login happened.
SESSION_MFA = "mfa_ok"
SESSION_AUTH_AT = "auth_at"
FRESH_SECONDS = 10 * 60  # publishing, role and 2FA changes need a login this recent
ACCOUNT_CACHE = "ashar_account_cache"  # server.extensions key
DEFAULT_ACCOUNT_CACHE_SECONDS = 30.0  # a backstop only: a changed row is dropped at once


def init_app(server: Flask) -> None:
    """Install the login manager, CSRF checks and response headers on the server."""
    server.secret_key = server.config["SECRET_KEY"]
    secure = server.config["SESSION_COOKIE_SECURE"]
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_NAME="ashar_session",
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SECURE=secure,
    )
    server.session_interface = VerifiedCookieSessions()
    _init_login(server)
    for lost_connection in (OperationalError, InterfaceError):
        server.register_error_handler(lost_connection, _database_unavailable)
    server.before_request(_check_csrf)
    server.before_request(_read_language_choice)
    server.after_request(_set_cookies_and_headers)


class VerifiedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, remembering which cookies this worker already verified.

    A browser sends the same session cookie with every callback until the session changes, and
    checking its signature and decoding it was a twentieth of a ballot's CPU. A cookie string
    verified once is the same signed content every time, so its decoded values are reused; the
    age limit is still checked against the signing time on every request. Only sessions of plain
    values are kept (a list or dict there could be changed in place by a request).
    """

    max_entries = 10_000

    def __init__(self) -> None:
        self._verified: dict[str, tuple[float, dict]] = {}

    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        found = self._verified.get(cookie)
        if found is None:
            serializer = self.get_signing_serializer(app)
            if serializer is None:
                return None
            try:
                data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            found = (signed_at.timestamp(), data)
            if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):
                if len(self._verified) >= self.max_entries:
                    self._verified.clear()
                self._verified[cookie] = found
        elif time.time() - found[0] > max_age:
            return self.session_class()  # expired since it was verified (SignatureExpired)
        return self.session_class(found[1])


_PLAIN = (str, int, float, bool, type(None))


def _init_login(server: Flask) -> None:
    manager = LoginManager()
    manager.session_protection = "strong"
    manager.init_app(server)

    cache = _account_cache(server)

    @manager.user_loader
    def _load_user(session_id: str):
        """Sessions carry `id:version`: bumping a user's version logs out all their sessions."""
        from models.db import get_session
        from services import session_user

        return session_user.load(get_session(), session_id, cache)


def _account_cache(server: Flask):
    """The worker's AccountCache on PostgreSQL (ACCOUNT_CACHE_SECONDS > 0), else None."""
    from models.db import engine_of
    from services.account_cache import AccountCache

    seconds = server.config.get("ACCOUNT_CACHE_SECONDS")
    if seconds is None:
        seconds = 0 if server.config.get("TESTING") else DEFAULT_ACCOUNT_CACHE_SECONDS
    engine = engine_of(server)
    if not seconds or engine.dialect.name != "postgresql":
        return None
    _args, params = engine.dialect.create_connect_args(engine.url)
    params.pop("context", None)  # SQLAlchemy's adapters; the listener needs none
    cache = server.extensions[ACCOUNT_CACHE] = AccountCache(params, ttl=seconds)
    return cache


def _database_unavailable(error: DBAPIError):
    """The database is unreachable (restart, failover): say so and that nothing was saved.

    Any request can meet this first, even in the user lookup before a callback runs. The pool
    then drops its dead connections (and pings any idle over a second, models.db), so the next
    request after the database returns works again.
    """
    from flask import current_app

    from models.db import get_session

    current_app.logger.warning("database error: %s", error.__class__.__name__)
    try:
        get_session().rollback()
    except DBAPIError:
        pass
    return jsonify(message="The service is briefly unavailable; nothing was saved. "
                           "Please try again in a moment."), 503


def _check_csrf():
    """Refuse a state-changing request whose X-CSRFToken does not match its cookie."""
    if request.method in SAFE_METHODS:
        return None
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not header or not hmac.compare_digest(cookie, header):
        return jsonify(message="CSRF check failed: reload the page and try again."), 403
    return None


def _read_language_choice():
    """`?lang=ky|ru|en` switches the language for this request and is remembered."""
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        g.lang_choice = lang
        _remember_for_account(lang)
    return None


def _remember_for_account(lang: str) -> None:
    """A language chosen while logged in becomes the account's, so other devices follow it."""
    from flask_login import current_user

    if current_user.is_authenticated and current_user.locale != lang:
        from models import User
        from models.db import get_session
        from services.accounts import set_locale

        session = get_session()
        set_locale(session, session.get(User, current_user.id), lang)


def _set_cookies_and_headers(response):
    secure = request.is_secure
    if not request.cookies.get(CSRF_COOKIE):
        # Readable by the page script (it must echo it), useless to another origin.
        response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(32), samesite="Lax",
                            secure=secure)
    if getattr(g, "lang_choice", None):
        response.set_cookie(LANG_COOKIE, g.lang_choice, max_age=365 * 24 * 3600, samesite="Lax")
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    # A policy governs documents; on a callback's JSON it would only add a kilobyte to every answer.
    csp = response.mimetype in DOCUMENT_TYPES and (g.get("csp") or _current_csp())
    if csp:
        headers.setdefault("Content-Security-Policy", csp)
    if secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _current_csp() -> str:
    from flask import current_app

    return current_app.config.get("CSP", "")


def install_csp(server: Flask, script_hashes: list[str]) -> None:
    """Allow only our own scripts, plus Dash's inline bootstrap scripts by hash."""
    scripts = " ".join(["'self'", *script_hashes])  # Dash quotes its hashes itself
    server.config["CSP"] = "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        # React writes style attributes; styles cannot run code, scripts stay locked down.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def login_is_fresh() -> bool:
    """Whether the current session logged in (with its second factor) within FRESH_SECONDS."""
    import time

    from flask import session

    return time.time() - float(session.get(SESSION_AUTH_AT, 0)) <= FRESH_SECONDS
