"""``ashar tally FILE.pb --rule R [--json]``: recompute an outcome from a Pabulib file.

Flask-free on purpose: observers run it on exported data without the app. The ``ashar``
group imports this command (``from cli.tally import tally``).
"""
from __future__ import annotations

import json
import sys

import click

from voting.pabulib import PabulibError, read_pabulib
from voting.rules import RULES, compute


@click.command("tally")
@click.argument("path", metavar="FILE.pb", type=click.Path(dir_okay=False))
@click.option("--rule", required=True, type=click.Choice(list(RULES)), help="outcome rule")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def tally(path: str, rule: str, as_json: bool) -> None:
    """Compute the outcome of FILE.pb under RULE and print it."""
    try:
        election = read_pabulib(path)
    except PabulibError as exc:
        click.echo(f"{path}: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"{path}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    outcome = compute(election, rule)
    if as_json:
        click.echo(json.dumps(outcome.to_json(), ensure_ascii=False))
        return
    names = {p.id: p.name for p in election.projects}
    costs = {p.id: p.cost for p in election.projects}
    chosen = set(outcome.selected)
    click.echo(f"rule {rule}: {len(chosen)} of {len(costs)} projects, "
               f"spent {_money(outcome.spent)} of {_money(election.budget)}")
    click.echo(f"{'':2}{'id':>10}  {'cost':>12}  {'why':<22} name")
    for pid in sorted(costs, key=lambda i: (i not in chosen, i)):
        mark = "*" if pid in chosen else " "
        why = outcome.explanations.get(pid, {}).get("code", "")
        click.echo(f"{mark:2}{pid:>10}  {_money(costs[pid]):>12}  {why:<22} {names[pid][:50]}")


def _money(value) -> str:
    """Whole units with thousands separators, two decimals when fractional."""
    return f"{value:,}" if int(value) == value else f"{float(value):,.2f}"
