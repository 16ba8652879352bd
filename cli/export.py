"""`ashar export-pb BUDGET_ID`: the anonymised ballots of a budget as a Pabulib file on stdout."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext


@click.command("export-pb")
@click.argument("budget_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--envelope", type=click.IntRange(1, 2**31 - 1), default=None,
              help="Envelope id (default: the budget's first envelope).")
@with_appcontext
def export_pb(budget_id: int, envelope: int | None) -> None:
    """Print the `.pb` file of BUDGET_ID (the same bytes as /api/v1/budgets/<id>/export.pb)."""
    from models.db import session_scope
    from services import exports
    from services.errors import DomainError
    from services.tally import get_budget

    with session_scope() as session:
        try:
            budget = get_budget(session, budget_id, drafts=True)
            _name, text = exports.export_pb(session, budget, envelope)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
    sys.stdout.write(text)
