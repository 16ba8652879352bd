"""Which page module renders which path; every page exposes `layout(**kwargs)`."""
from __future__ import annotations

import importlib
import re
from urllib.parse import parse_qs

from dash import html

from translations import _

# (pattern, module). Path parameters become keyword arguments of the page's layout().
ROUTES: list[tuple[re.Pattern, str]] = [
    (re.compile(p), m) for p, m in [
        (r"^/$", "components.home"),
        (r"^/projects$", "components.projects"),
        (r"^/projects/(?P<project_id>\d{1,9})$", "components.project_detail"),
        (r"^/propose$", "components.propose"),
        (r"^/vote$", "components.ballot"),
        (r"^/live$", "components.live"),
        (r"^/results$", "components.results"),
        (r"^/action-plan$", "components.action_plan"),
        (r"^/receipts$", "components.receipts"),
        (r"^/login$", "components.login"),
        (r"^/register$", "components.register"),
        (r"^/account$", "components.account"),
        (r"^/admin(?P<section>/[a-z-]*)?$", "components.admin"),
    ]
]


def page_module(pathname: str):
    """(module name, path parameters) for `pathname`, or (None, {}) when no page matches."""
    for pattern, module in ROUTES:
        match = pattern.match(pathname.rstrip("/") or "/")
        if match:
            return module, {k: v for k, v in match.groupdict().items() if v is not None}
    return None, {}


def render(pathname: str | None, search: str | None):
    """The layout of the page at `pathname`, with query parameters as keyword arguments."""
    module_name, params = page_module(pathname or "/")
    if module_name is None:
        return not_found()
    query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items() if k != "lang"}
    return page_layout(module_name, **{**query, **params})


def page_layout(module_name: str, **kwargs):
    """Import the page module (only the pages actually visited are loaded) and render it."""
    return importlib.import_module(module_name).layout(**kwargs)


def not_found() -> html.Div:
    """A polite 404 inside the page frame."""
    return html.Div([html.H1(_("Page not found")),
                     html.P(_("There is no page at this address.")),
                     html.A(_("Back to the home page"), href="/")])

