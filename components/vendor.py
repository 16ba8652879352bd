"""Third-party CSS served from installed packages (no CDN: pages must load on a closed network)."""
from __future__ import annotations

from pathlib import Path

import flask_bootstrap
from flask import Flask, send_from_directory

BOOTSTRAP_CSS = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5" / "css"


def init_app(server: Flask) -> None:
    """Serve Bootstrap's stylesheet at /vendor/bootstrap.min.css, cached for a day."""

    @server.get("/vendor/bootstrap.min.css")
    def bootstrap_css():
        return send_from_directory(BOOTSTRAP_CSS, "bootstrap.min.css", max_age=86400)
