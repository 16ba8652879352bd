"""Ashar's application factory; `python app.py` serves the demo."""
from __future__ import annotations

import os

import dash
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import settings


def create_app(config: dict | None = None) -> dash.Dash:
    """Build the Flask server and the Dash app on it; no queries run here."""
    from models import db
    import api
    import callbacks
    import security
    from components import caching, shell, vendor

    server = Flask(__name__, instance_path=str(settings.INSTANCE))
    server.config.update(settings.from_environment(config))
    if server.config["TRUSTED_PROXIES"]:
        # The client's address and scheme as the trusted proxies saw them (per-IP limits, Secure).
        hops = server.config["TRUSTED_PROXIES"]
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops)
    db.init_app(server)
    security.init_app(server)
    api.init_app(server)
    vendor.init_app(server)

    app = dash.Dash(
        __name__,
        server=server,
        title="Ashar",
        update_title=None,
        suppress_callback_exceptions=True,  # pages are rendered by the router callback
        serve_locally=True,
        compress=True,  # gzip/brotli: phones on mobile data
        # The plotly bundle is fetched by dcc.Graph on chart pages only (assets/vendor/README).
        assets_ignore=r"^plotly-basic-",
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    caching.init_app(server)  # after Dash: its hook runs before Flask-Compress's
    app.index_string = shell.INDEX_STRING
    app.interpolate_index = shell.interpolate_index
    app.layout = shell.layout
    callbacks.register(app)
    security.install_csp(server, app.csp_hashes())
    return app


def main() -> None:
    """Migrate, seed the demo on first start, print its accounts, then serve."""
    from cli.demo import prepare_demo

    try:
        app = create_app()
    except settings.ConfigError as problem:
        raise SystemExit(str(problem)) from None
    prepare_demo(app.server)
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")),
            debug=False)


if __name__ == "__main__":
    main()
