"""Who may see a budget's live tallies: the one rule pages, callbacks, the API and exports share."""
from __future__ import annotations

from datetime import datetime

from models import Budget, utcnow

WATCHER_ROLES = frozenset({"observer", "moderator", "admin"})
# `after_close` tallies turn public once no ballot can be cast; `observers_live` ones only once
# city hall has published the result (the public follows turnout until then).
AFTER_VOTING = frozenset({"closed", "published", "implementation"})
AFTER_PUBLISHING = frozenset({"published", "implementation"})


def effective_phase(budget: Budget, now: datetime | None = None) -> str:
    """The phase, treating a `voting` budget past its `voting_end` as `closed`.

    Closing is also an admin action; this makes the end date bind even before anyone clicks.
    """
    if budget.phase == "voting" and budget.voting_end is not None and (now or utcnow()) >= budget.voting_end:
        return "closed"
    return budget.phase


def is_watcher(user) -> bool:
    """Observers and city-hall staff who passed their second factor in this session."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) not in WATCHER_ROLES:
        return False
    from flask import has_request_context, session

    from security import SESSION_MFA

    return has_request_context() and bool(session.get(SESSION_MFA))


def may_see_tally(budget: Budget, user, now: datetime | None = None) -> bool:
    """Whether `user` (Flask-Login's current_user, possibly anonymous) may see live tallies.

    `public_live`: everyone. `after_close`: watchers while voting is open, everyone once it
    has closed. `observers_live`: watchers, and everyone once the result is published.
    Drafts are never public. Turnout is always public (not decided here).
    """
    phase = effective_phase(budget, now)
    if phase == "draft":
        return is_watcher(user)
    if (budget.visibility == "public_live"
            or (budget.visibility == "after_close" and phase in AFTER_VOTING)
            or phase in AFTER_PUBLISHING):
        return True
    return is_watcher(user)
