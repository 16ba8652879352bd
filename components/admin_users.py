"""/admin/users: find accounts and change their role."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from models.user import ROLES
from translations import _

from .format import role_label

USERS_SEARCH = "admin-users-search"
USERS_SEARCH_SUBMIT = "admin-users-search-submit"
USERS_LIST = "admin-users-list"
USERS_TARGET = "admin-users-target"
USERS_ROLE = "admin-users-role"
USERS_ROLE_SUBMIT = "admin-users-role-submit"
USERS_MESSAGE = "admin-users-message"


def user_table(users) -> html.Div:
    """Accounts as rows: id, name, contact, role, verified."""
    if not users:
        return html.P(_("No accounts match."))
    rows = [html.Tr([html.Td(u.id), html.Td(u.display_name), html.Td(u.email or u.phone),
                     html.Td(role_label(u.role)), html.Td(_("yes") if u.is_verified else _("no"))]) for u in users]
    return dbc.Table([html.Thead(html.Tr([html.Th("#"), html.Th(_("Name")), html.Th(_("Contact")),
                                          html.Th(_("Role")), html.Th(_("Verified"))])),
                      html.Tbody(rows)], striped=True, size="sm", responsive=True)


def layout(**_kwargs) -> html.Div:
    """Search, results, and the role form (role changes need a fresh login)."""
    return html.Div([
        html.H1(_("Users and roles")),
        dbc.InputGroup([dbc.Input(id=USERS_SEARCH, placeholder=_("Name, e-mail or phone"), maxLength=100),
                        dbc.Button(_("Search"), id=USERS_SEARCH_SUBMIT)], className="mb-3"),
        html.Div(id=USERS_LIST),
        html.H2(_("Change a role"), className="h4 mt-4"),
        html.P(_("The account's sessions end at once. You need to have logged in within the last 10 minutes.")),
        dbc.Row([
            dbc.Col([dbc.Label(_("Account #"), html_for=USERS_TARGET),
                     dbc.Input(id=USERS_TARGET, type="number", min=1, step=1)], md=3),
            dbc.Col([dbc.Label(_("New role"), html_for=USERS_ROLE),
                     dbc.Select(id=USERS_ROLE, options=[{"label": role_label(r), "value": r} for r in ROLES])], md=4),
            dbc.Col(dbc.Button(_("Change role"), id=USERS_ROLE_SUBMIT, color="danger", className="mt-4"), md=3),
        ]),
        html.Div(id=USERS_MESSAGE, **{"aria-live": "polite"}),
    ])
