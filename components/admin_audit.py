"""/admin/audit: the latest audit events and whether the hash chain is intact."""
from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import html

from models.db import get_session
from services import audit
from translations import _


def layout(**_kwargs) -> html.Div:
    """The chain check result, then the newest 100 events."""
    session = get_session()
    report = audit.verify_chain(session)
    if report.ok:
        status = dbc.Alert(_("%(n)s events, chain intact.", n=report.checked), color="success")
    else:
        status = dbc.Alert(_("The chain is broken at event %(id)s: %(reason)s.", id=report.broken_id,
                             reason=report.reason), color="danger")
    rows = [html.Tr([html.Td(e.id), html.Td(e.created_at.strftime("%Y-%m-%d %H:%M:%S")),
                     html.Td(e.actor_id if e.actor_id is not None else "—"), html.Td(e.action),
                     html.Td(e.target), html.Td(html.Code(json.dumps(e.detail, ensure_ascii=False)))])
            for e in audit.latest(session)]
    return html.Div([
        html.H1(_("Audit log")),
        status,
        # A scrolling region must take keyboard focus, so it can be scrolled without a mouse.
        html.Div(dbc.Table([html.Thead(html.Tr([html.Th("#"), html.Th(_("When")), html.Th(_("Actor")),
                                                html.Th(_("Action")), html.Th(_("Target")),
                                                html.Th(_("Detail"))])),
                            html.Tbody(rows)], striped=True, size="sm"),
                 className="table-responsive", tabIndex="0", role="region", **{"aria-label": _("Audit log")}),
    ])
