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
    from . import db, demo

    main.add_command(db.db)
    main.add_command(demo.seed_demo_command)
    from . import accounts

    for command in (accounts.create_user, accounts.import_census, accounts.verify_audit):
        main.add_command(command)
    from .export import export_pb

    main.add_command(export_pb)
    from .votes import simulate_votes_command

    main.add_command(simulate_votes_command)
    try:
        from .tally import tally
    except ModuleNotFoundError:  # the rules package lands separately
        return
    main.add_command(tally)


_register()
