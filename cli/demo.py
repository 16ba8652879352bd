"""`ashar seed-demo` and the first start of `python app.py`: migrate, seed, show the accounts."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from migrations import runner
from models.db import session_scope


def seed_and_report(server: Flask) -> None:
    """Seed the demo (idempotent) and print the demo accounts."""
    from services import demo

    with session_scope(server) as session:
        accounts = demo.seed_demo(session, census_key=server.config["CENSUS_KEY"],
                                  ballot_key=server.config["BALLOT_KEY"])
    click.echo("Demo accounts (role, login, password; TOTP secret for staff; census data to verify with):")
    for account in accounts:
        click.echo("  " + "  ".join(str(v) for v in account.values() if v))


def prepare_demo(server: Flask) -> None:
    """Bring the database to the latest schema and, unless disabled, seed the demo."""
    runner.upgrade(server.config["DATABASE_URL"])
    if server.config.get("SEED_DEMO", True):
        seed_and_report(server)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load Osh's demo data (districts, action plan, three cycles, accounts); safe to repeat."""
    seed_and_report(current_app)
