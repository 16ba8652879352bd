"""`ashar db upgrade|downgrade`: Alembic migrations against the app's DATABASE_URL."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from migrations import runner

db = AppGroup("db", help="Database migrations.")


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the latest)."""
    runner.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db.command("downgrade")
@click.argument("revision", default="-1")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: one step)."""
    runner.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")
