"""The support button of a proposal, usable on any page (the project page includes it).

Ids are pattern-matching (`{"type": SUPPORT_BUTTON, "project": id}`), so a page may show many;
`callbacks/propose.py` handles every click and re-checks everything on the server.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from flask_login import current_user

from models.db import get_session
from services.proposals import has_supported, support_counts
from translations import _

SUPPORT_BUTTON = "support-button"
SUPPORT_COUNT = "support-count"


def count_text(count: int) -> str:
    """`3 supports`, in the reader's language."""
    return _("Supports: %(count)s", count=count)


def button_face(supported: bool) -> tuple[str, str]:
    """(label, action the next click asks for)."""
    return (_("Withdraw my support"), "withdraw") if supported else (_("Support this proposal"), "support")


def support_widget(project, collecting: bool | None = None) -> html.Div:
    """The proposal's support count, and a button for verified residents while supports are open."""
    session = get_session()
    count = support_counts(session, [project.id])[project.id]
    if collecting is None:
        collecting = project.status == "proposed" and project.budget.phase == "proposals"
    parts = [html.Span(count_text(count), id={"type": SUPPORT_COUNT, "project": project.id},
                       className="me-2", role="status")]
    if collecting and current_user.is_authenticated and current_user.is_verified:
        label, action = button_face(has_supported(session, current_user, project.id))
        parts.append(dbc.Button(label, id={"type": SUPPORT_BUTTON, "project": project.id}, value=action,
                                size="sm", color="primary", outline=action == "withdraw"))
    elif collecting:
        parts.append(html.Small(_("Verified residents can support proposals."), className="text-muted"))
    return html.Div(parts, className="support-widget d-flex align-items-center flex-wrap")
