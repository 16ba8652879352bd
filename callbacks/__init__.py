"""Every page's callbacks, attached to one Dash app, each with its access rule."""
from __future__ import annotations

import importlib

import dash

from . import guard

# One module per page (mirroring components/); each exposes register(app).
PAGE_MODULES = (
    "callbacks.router",
    "callbacks.projects",
    "callbacks.accounts",
    "callbacks.admin_users",
    "callbacks.admin_census",
    "callbacks.admin_verifications",
    "callbacks.ballot",
    "callbacks.admin_paper",
    "callbacks.receipts",
    "callbacks.live",
    "callbacks.results",
    "callbacks.admin_publish",
    "callbacks.propose",
    "callbacks.admin_cycles",
    "callbacks.admin_review",
    "callbacks.admin_plan",
    "callbacks.admin_implementation",
    "callbacks.chart_tables",
)


def register(app: dash.Dash) -> None:
    """Register all callbacks on `app`, then start enforcing their access rules."""
    for name in PAGE_MODULES:
        importlib.import_module(name).register(app)
    guard.init_app(app)
