"""`ashar advance-phases`: move every budget cycle whose phase date has passed (run it from cron)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from models import utcnow
from models.db import session_scope


@click.command("advance-phases")
@with_appcontext
def advance_phases_command() -> None:
    """Apply the phase dates of every cycle now; each move is audited."""
    from services.cycles import advance_phases

    with session_scope(current_app) as session:
        moved = advance_phases(session, utcnow())
    for budget_id, phase in moved:
        click.echo(f"budget {budget_id} -> {phase}")
    click.echo(f"{len(moved)} phase change(s).")
