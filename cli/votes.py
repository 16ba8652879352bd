"""`ashar simulate-votes`: load a budget with valid random ballots from new verified voters."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from models.db import session_factory


@click.command("simulate-votes")
@click.argument("budget_id", type=int)
@click.option("--count", "-n", type=click.IntRange(1, 1_000_000), required=True, help="Voters to create.")
@click.option("--seed", type=int, default=None, help="Random seed, for a repeatable run.")
@with_appcontext
def simulate_votes_command(budget_id: int, count: int, seed: int | None) -> None:
    """Create COUNT verified demo voters and cast a valid random ballot for each (voting must be open)."""
    from services.errors import DomainError
    from services.simulation import simulate_votes

    started = time.perf_counter()
    with session_factory()() as session:
        try:
            cast = simulate_votes(session, budget_id, count, ballot_key=current_app.config["BALLOT_KEY"], seed=seed)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
    seconds = time.perf_counter() - started
    click.echo(f"{cast} ballots cast in {seconds:.2f} s ({cast / seconds:.0f}/s)")
