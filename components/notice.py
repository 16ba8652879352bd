"""A short message after an action: success, refusal or information, announced to screen readers."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def notice(text, kind: str = "danger") -> html.Div:
    """An alert with `text` rendered as text (never as HTML); kind: success, danger, info, warning."""
    return html.Div(dbc.Alert(text, color=kind, className="mt-3 mb-0"), role="status")
