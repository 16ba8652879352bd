"""The staff area: `/admin/<section>`, each section a module `components/admin_<section>.py`."""
from __future__ import annotations


import dash_bootstrap_components as dbc
from dash import html
from flask_login import current_user

from translations import N_, _

from .routes import page_layout

# section → (module, who may open it, label). Pages only show; callbacks enforce on their own.
SECTIONS = {
    "users": ("components.admin_users", ("admin",), N_("Users and roles")),
    "census": ("components.admin_census", ("admin",), N_("Census roll")),
    "verifications": ("components.admin_verifications", ("moderator", "admin"), N_("Verify residents")),
    "outbox": ("components.admin_outbox", ("admin",), N_("Outbox")),
    "cycles": ("components.admin_cycles", ("admin",), N_("Budget cycles")),
    "review": ("components.admin_review", ("moderator", "admin"), N_("Review proposals")),
    "plan": ("components.admin_plan", ("admin",), N_("Action plan")),
    "implementation": ("components.admin_implementation", ("moderator", "admin"), N_("Implementation")),
    "paper": ("components.admin_paper", ("moderator", "admin"), N_("Paper ballots")),
    "publish": ("components.admin_publish", ("admin",), N_("Close and publish")),
    "audit": ("components.admin_audit", ("observer", "moderator", "admin"), N_("Audit log")),
}


def _may_open(roles: tuple[str, ...]) -> bool:
    from flask import session

    from security import SESSION_MFA

    return (current_user.is_authenticated and current_user.role in roles
            and bool(session.get(SESSION_MFA)))


def layout(section: str | None = None, **kwargs):
    """The staff menu, or the section's page for those allowed to open it."""
    if not current_user.is_authenticated:
        return html.Div([html.H1(_("Staff area")),
                         html.P([_("Please log in first."), " ", html.A(_("Log in"), href="/login")])])
    name = (section or "").strip("/")
    if name not in SECTIONS:
        items = [dbc.ListGroupItem(_(label), href=f"/admin/{key}")
                 for key, (_m, roles, label) in SECTIONS.items() if _may_open(roles)]
        if not items:
            return html.Div([html.H1(_("Staff area")), html.P(_("You are not allowed to do this."))])
        return html.Div([html.H1(_("Staff area")), dbc.ListGroup(items, tag="div")])  # links, not <li>: no <ul>
    module_name, roles, _label = SECTIONS[name]
    if not _may_open(roles):
        return html.Div([html.H1(_("Staff area")), html.P(_("You are not allowed to do this."))])
    return page_layout(module_name, **kwargs)
