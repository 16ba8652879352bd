"""The router: renders the page for the current address."""
from __future__ import annotations

from dash import Input, Output, State

from components import routes, shell

from .guard import PUBLIC, protected


def render_page(pathname, search):
    """Anyone may load any page; each page decides what a visitor may see on it."""
    return routes.render(pathname if isinstance(pathname, str) else "/",
                         search if isinstance(search, str) else "")


def register(app) -> None:
    """Attach the router to `app`."""
    protected(app, PUBLIC, Output(shell.PAGE, "children"),
              Input(shell.URL, "pathname"), Input(shell.URL, "search"))(render_page)
    # Opening the menu on phones needs no server and no rule: it runs in the browser.
    app.clientside_callback(
        "function(n, open) { return n ? !open : open; }",
        Output("navbar-collapse", "is_open"),
        Input("navbar-toggler", "n_clicks"),
        State("navbar-collapse", "is_open"),
        prevent_initial_call=True,
    )
