"""The floor for bench/ballots.py: a bare Dash app whose one callback inserts a ballot with its items.

Served like Ashar (`gunicorn -w 2 --threads 4 'bench.baseline_app:create().server'`), on the same
PostgreSQL tables, so the difference measures what Ashar's ballot path adds.
"""
from __future__ import annotations

import os
import secrets

import dash
from dash import Input, Output, State, dcc, html
from sqlalchemy import create_engine, text

BASELINE_OUTPUT = "baseline-out"
BASELINE_BUTTON = "baseline-go"
BASELINE_CHOICES = "baseline-choices"


def create() -> dash.Dash:
    """The app; DATABASE_URL, BASELINE_BUDGET and BASELINE_ENVELOPE come from the environment."""
    engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True, pool_size=10, max_overflow=20)
    budget, envelope = int(os.environ["BASELINE_BUDGET"]), int(os.environ["BASELINE_ENVELOPE"])
    app = dash.Dash(__name__, serve_locally=True)
    app.layout = html.Div([html.Button("go", id=BASELINE_BUTTON), dcc.Store(id=BASELINE_CHOICES),
                           html.Div(id=BASELINE_OUTPUT)])

    @app.callback(Output(BASELINE_OUTPUT, "children"), Input(BASELINE_BUTTON, "n_clicks"),
                  State(BASELINE_CHOICES, "data"), prevent_initial_call=True)
    def store(_clicks, choices):
        ballot_id, code = secrets.token_hex(16), secrets.token_hex(8)
        with engine.begin() as c:
            c.execute(text("INSERT INTO ballots (id, budget_id, envelope_id, pseudonym, receipt_hash, revision)"
                           " VALUES (:i, :b, :e, :p, :r, 1)"),
                      {"i": ballot_id, "b": budget, "e": envelope, "p": secrets.token_hex(32), "r": code * 4})
            c.execute(text("INSERT INTO ballot_items (ballot_id, project_id, points) VALUES (:i, :p, 1)"),
                      [{"i": ballot_id, "p": p} for p in choices])
        return code

    return app
