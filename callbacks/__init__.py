"""Every page's callbacks, attached to one Dash app, each with its access rule."""
from __future__ import annotations

import dash

from . import guard, router

PAGE_MODULES = (router,)


def register(app: dash.Dash) -> None:
    """Register all callbacks on `app`, then start enforcing their access rules."""
    for module in PAGE_MODULES:
        module.register(app)
    guard.init_app(app)
