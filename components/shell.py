"""The frame around every page: navbar, language switch, the router's outlet."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user

from translations import LANGUAGES, _, get_locale

URL = "url"
PAGE = "page-content"
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}

INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        <link rel="stylesheet" href="/vendor/bootstrap.min.css">
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def interpolate_index(**parts) -> str:
    """Dash's index page with `<html lang>` following the reader's language."""
    page = INDEX_STRING.replace("{%lang%}", get_locale())
    for name, value in parts.items():
        page = page.replace("{%" + name + "%}", value)
    return page


def _nav_links() -> list:
    links = [("/projects", _("Projects")), ("/vote", _("Vote")), ("/live", _("Live")),
             ("/results", _("Results")), ("/action-plan", _("Action plan"))]
    return [dbc.NavItem(dbc.NavLink(label, href=href)) for href, label in links]


def _account_links() -> list:
    if current_user.is_authenticated:
        items = [dbc.NavItem(dbc.NavLink(current_user.display_name or _("My account"), href="/account"))]
        if current_user.is_staff:
            items.insert(0, dbc.NavItem(dbc.NavLink(_("Admin"), href="/admin")))
        return items
    return [dbc.NavItem(dbc.NavLink(_("Log in"), href="/login")),
            dbc.NavItem(dbc.NavLink(_("Register"), href="/register"))]


def _language_switch() -> html.Div:
    current = get_locale()
    return html.Div(
        [html.A(LANGUAGE_NAMES[lang], href=f"?lang={lang}", lang=lang, hrefLang=lang,
                className="lang-link" + (" active" if lang == current else ""),
                **({"aria-current": "true"} if lang == current else {}))
         for lang in LANGUAGES],
        className="lang-switch", role="group", **{"aria-label": _("Language")})


def navbar() -> dbc.Navbar:
    """The top bar: brand, sections, account, language."""
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand("Ashar", href="/"),
            dbc.NavbarToggler(id="navbar-toggler"),
            dbc.Collapse(
                dbc.Nav([*_nav_links(), *_account_links()], navbar=True, className="ms-auto"),
                id="navbar-collapse", navbar=True),
            _language_switch(),
        ], fluid="md"),
        color="dark", dark=True, expand="md", className="mb-3")


def layout() -> html.Div:
    """Rendered per request, so the navbar knows the reader and their language."""
    return html.Div([
        html.A(_("Skip to content"), href="#page-content", className="visually-hidden-focusable"),
        dcc.Location(id=URL, refresh="callback-nav"),
        navbar(),
        dbc.Container(html.Main(id=PAGE, tabIndex="-1"), fluid="md", className="pb-5"),
    ])
