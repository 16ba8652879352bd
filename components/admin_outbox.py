"""/admin/outbox: what the console sender 'sent' (codes and notices), newest first."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.db import get_session
from services.sender import outbox
from translations import _


def layout(**_kwargs) -> html.Div:
    """The latest 100 messages; with the console sender nothing leaves the server."""
    messages = outbox(get_session())
    rows = [html.Tr([html.Td(m.created_at.strftime("%Y-%m-%d %H:%M")), html.Td(m.channel),
                     html.Td(m.destination), html.Td(m.subject), html.Td(m.body)]) for m in messages]
    return html.Div([
        html.H1(_("Outbox")),
        html.P(_("Messages of the console sender. In production, set ASHAR_SENDER to smtp or http.")),
        dbc.Table([html.Thead(html.Tr([html.Th(_("When")), html.Th(_("Channel")), html.Th(_("To")),
                                       html.Th(_("Subject")), html.Th(_("Message"))])),
                   html.Tbody(rows)], striped=True, size="sm", responsive=True)
        if rows else html.P(_("No messages yet.")),
    ])
