"""Open data: each envelope's anonymised ballots as a Pabulib `.pb` file, and results as CSV/JSON."""
from __future__ import annotations

import csv
import hashlib
import io
import json

from sqlalchemy.orm import Session

from models import Budget
from voting.pabulib import write_pabulib

from .elections import EnvelopeElection, budget_elections
from .errors import NotFound


def sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text, as shown beside every download."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pb_texts(parts: list[EnvelopeElection]) -> dict[int, str]:
    """envelope id → `.pb` text; voter ids are 1..n in the ballots' content order."""
    return {part.envelope.id: write_pabulib(part.election) for part in parts}


def combined_digest(texts: dict[int, str]) -> str:
    """The budget's data digest: the single file's SHA-256, or that of all files in envelope order."""
    if len(texts) == 1:
        return sha256(next(iter(texts.values())))
    return sha256("".join(texts[k] for k in sorted(texts)))


def export_pb(session: Session, budget: Budget, envelope_id: int | None = None) -> tuple[str, str]:
    """(file name, `.pb` text) of one envelope: the given one, else the budget's first."""
    parts = budget_elections(session, budget)
    if not parts:
        raise NotFound("This budget has no envelope to export.")
    chosen = parts[0] if envelope_id is None else next(
        (p for p in parts if p.envelope.id == envelope_id), None)
    if chosen is None:
        raise NotFound("No envelope with this number in this budget.")
    suffix = "" if len(parts) == 1 else f"_{chosen.election.meta['subunit']}"
    return f"ashar_{budget.slug}{suffix}.pb", write_pabulib(chosen.election)


def results_csv(snapshot: dict) -> str:
    """One row per project: cost, votes, voters, funded, and the rule's explanation code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["project_id", "envelope_id", "cost", "votes", "voters", "selected",
                     "explanation"])
    selected = set(snapshot["selected"])
    for pid, row in sorted(snapshot["tallies"]["projects"].items(), key=lambda kv: int(kv[0])):
        code = snapshot["explanations"].get(pid, {}).get("code", "")
        writer.writerow([pid, row["envelope_id"], row["cost"], row["points"], row["voters"],
                         int(pid in selected), code])
    return out.getvalue()


def results_json(snapshot: dict) -> str:
    """The snapshot as canonical JSON (sorted keys), so its digest is stable."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
