"""Version 1 of the JSON API (routes are added by feature)."""
from __future__ import annotations

from . import bp  # noqa: F401
