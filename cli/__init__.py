"""The `ashar` console command: a Flask CLI group over `create_app`, same DATABASE_URL."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup


def _create_server():
    from app import create_app

    return create_app().server


@click.group(cls=FlaskGroup, create_app=_create_server, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """Ashar: participatory budgeting for Osh."""


def _register() -> None:
    from . import accounts, cycles, db, demo
    from .export import export_pb
    from .tally import tally
    from .votes import simulate_votes_command

    for command in (db.db, demo.seed_demo_command, accounts.create_user, accounts.import_census,
                    accounts.verify_audit, cycles.advance_phases_command, export_pb,
                    simulate_votes_command, tally):
        main.add_command(command)


_register()
