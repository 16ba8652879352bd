"""`ashar create-user`, `ashar import-census FILE.csv`, `ashar verify-audit`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from models.db import session_scope
from services import audit, census, users
from services.errors import DomainError


@click.command("create-user")
@click.option("--email", help="E-mail address of the account.")
@click.option("--phone", help="Phone number (+996…) of the account.")
@click.option("--role", type=click.Choice(["resident", "moderator", "observer", "admin"]),
              default="resident", show_default=True)
@click.option("--password", help="At least 10 characters; a random one is printed when omitted.")
@click.option("--name", default="", help="Display name.")
@with_appcontext
def create_user(email, phone, role, password, name) -> None:
    """Create an account; staff get a TOTP secret to add to their authenticator app."""
    if bool(email) == bool(phone):
        raise click.UsageError("Give exactly one of --email or --phone.")
    with session_scope(current_app) as session:
        try:
            user, secret_password, totp = users.create_user(session, email or phone, role, password, name)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Created account #{user.id} ({role}) for {user.email or user.phone}.")
        if not password:
            click.echo(f"Password: {secret_password}")
        if totp:
            click.echo(f"TOTP secret (add it to an authenticator app): {totp}")


@click.command("import-census")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_census(csv_file: Path) -> None:
    """Import the census roll from CSV_FILE: every row or none; repeating it adds nothing."""
    with session_scope(current_app) as session:
        try:
            report = census.import_roll(session, current_app.config["CENSUS_KEY"], csv_file.read_bytes())
        except DomainError as error:
            raise click.ClickException(f"{error} Nothing was imported.") from None
    click.echo(f"{report.rows} rows: {report.added} added, {report.already_present} already present.")


@click.command("verify-audit")
@with_appcontext
def verify_audit() -> None:
    """Recompute the audit log's hash chain; exit 1 naming the first altered event."""
    with session_scope(current_app) as session:
        report = audit.verify_chain(session)
    if not report.ok:
        click.echo(f"Audit chain broken at event {report.broken_id}: {report.reason}.", err=True)
        raise SystemExit(1)
    click.echo(f"{report.checked} events, chain intact.")
