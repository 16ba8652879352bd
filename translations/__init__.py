"""The interface language: which one a request reads, and the Babel catalogs that translate it.

Catalogs are the `.po` files beside this module (`ky`, `ru`, `en`), read once per process with
Babel; English msgids are the source text. Missing entries fall back to the msgid.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LANGUAGES = ("ky", "ru", "en")
HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid → translation for `lang` (translated, non-fuzzy entries only)."""
    from babel.messages.pofile import read_po

    path = HERE / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        messages = read_po(f, locale=lang)
    return {m.id: m.string for m in messages
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def get_locale() -> str:
    """The reader's language: ?lang=, then the remembered cookie, the account, the browser, the default."""
    from flask import g, has_request_context

    if not has_request_context():
        return "en"
    # Asked a few times per request: remember the answer for as long as its inputs stay the same
    # (a ?lang= choice or a login in this very request changes them).
    known = g.get("_locale")
    if known is not None and known[0] == g.get("lang_choice") and known[1] is g.get("_login_user"):
        return known[2]
    lang = _choose_locale()  # may load the user, so the inputs are read after it
    g._locale = (g.get("lang_choice"), g.get("_login_user"), lang)
    return lang


def _choose_locale() -> str:
    from flask import current_app, g, request

    choice = g.get("lang_choice") or request.args.get("lang")
    if choice in LANGUAGES:
        return choice
    cookie = request.cookies.get("lang")
    if cookie in LANGUAGES:
        return cookie
    try:
        from flask_login import current_user

        if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
            return current_user.locale
    except Exception:  # no login manager (e.g. a bare test app): fall through to the browser
        pass
    best = request.accept_languages.best_match(LANGUAGES)
    return best or current_app.config.get("DEFAULT_LOCALE", "ky")


def translate(message: str, lang: str | None, **params) -> str:
    """`message` in `lang` (a recipient's language, not the reader's), placeholders filled."""
    text = catalog(lang if lang in LANGUAGES else "ky").get(message, message)
    return text % params if params else text


def gettext(message: str, **params) -> str:
    """Translate `message` into the reader's language and fill `%(name)s` placeholders."""
    text = catalog(get_locale()).get(message, message)
    return text % params if params else text


_ = gettext


def N_(message: str) -> str:
    """Mark `message` for the catalogs where it is defined as data; `_()` translates it when shown."""
    return message
