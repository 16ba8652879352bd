"""Closing a vote, previewing its outcome, and publishing snapshots that are never edited."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget, ResultSnapshot, utcnow
from voting.rules import compute

from . import audit
from .ballots import forget_submission_keys, hold_ballots
from .elections import budget_elections
from .errors import Conflict, DomainError, Forbidden, NotFound
from .exports import combined_digest, pb_texts, sha256
from .visibility import effective_phase

REASON_MAX = 2000


def _budget(session: Session, budget_id: int, lock: bool = False) -> Budget:
    query = select(Budget).where(Budget.id == budget_id)
    budget = session.scalars(query.with_for_update(key_share=True) if lock else query).first()
    if budget is None:
        raise NotFound("No budget with this number.")
    return budget


def _admin(actor) -> None:
    if getattr(actor, "role", None) != "admin":
        raise Forbidden("Only an administrator may do this.")


def close_voting(session: Session, actor, budget_id: int) -> Budget:
    """Close voting now (admin), audited; a budget already past its end date is closed as well."""
    _admin(actor)
    budget = _budget(session, budget_id, lock=True)
    if budget.phase != "voting":
        raise Conflict("Voting is not open in this budget.")
    budget.phase = "closed"
    if budget.voting_end is None or budget.voting_end > utcnow():
        budget.voting_end = utcnow()
    hold_ballots(session)  # the row is held FOR NO KEY UPDATE, which ballots' key checks pass
    forgotten = forget_submission_keys(session, budget.id)
    audit.record(session, "budget.close", actor.id, f"budget:{budget.id}", submission_keys_forgotten=forgotten)
    session.commit()
    return budget


def _tallies(session: Session, budget_id: int) -> dict[str, dict]:
    rows = session.execute(
        select(BallotItem.project_id, func.sum(BallotItem.points), func.count())
        .join(Ballot, Ballot.id == BallotItem.ballot_id).where(Ballot.budget_id == budget_id)
        .group_by(BallotItem.project_id))
    return {str(pid): (int(points), int(voters)) for pid, points, voters in rows}


def compute_result(session: Session, budget: Budget) -> dict:
    """The outcome under the budget's rule, envelope by envelope, with its data digest (no writes)."""
    parts = budget_elections(session, budget)
    texts = pb_texts(parts)
    counts = _tallies(session, budget.id)
    selected, spent, explanations, projects, envelopes = [], 0, {}, {}, {}
    for part in parts:
        outcome = compute(part.election, budget.rule).to_json()
        selected += outcome["selected"]
        spent += outcome["spent"]
        explanations.update(outcome["explanations"])
        for p in part.election.projects:
            points, voters = counts.get(p.id, (0, 0))
            projects[p.id] = {"envelope_id": part.envelope.id, "cost": int(p.cost),
                              "points": points, "voters": voters}
        envelopes[str(part.envelope.id)] = {
            "amount": part.envelope.amount, "ballots": part.election.num_voters(),
            "subunit": part.election.meta["subunit"], "selected": outcome["selected"],
            "spent": outcome["spent"], "pb_sha256": sha256(texts[part.envelope.id])}
    return {"budget_id": budget.id, "rule": budget.rule, "selected": sorted(selected),
            "spent": spent, "explanations": explanations,
            "tallies": {"projects": projects, "envelopes": envelopes},
            # a ballot covering two envelopes is still one ballot
            "ballots_counted": session.scalar(
                select(func.count()).select_from(Ballot).where(Ballot.budget_id == budget.id)),
            "pb_sha256": combined_digest(texts)}


def preview(session: Session, actor, budget_id: int) -> dict:
    """What publishing would record now; only once voting has closed."""
    _admin(actor)
    budget = _budget(session, budget_id)
    if effective_phase(budget) not in ("closed", "published", "implementation"):
        raise Conflict("Voting is still open: close it before counting.")
    return compute_result(session, budget)


def latest_snapshot(session: Session, budget_id: int) -> ResultSnapshot | None:
    """The snapshot in force: the newest one."""
    return session.scalars(select(ResultSnapshot).where(ResultSnapshot.budget_id == budget_id)
                           .order_by(ResultSnapshot.id.desc()).limit(1)).first()


def snapshots(session: Session, budget_id: int) -> list[ResultSnapshot]:
    """Every snapshot of a budget, newest first (corrections never hide what they replace)."""
    return list(session.scalars(select(ResultSnapshot).where(ResultSnapshot.budget_id == budget_id)
                                .order_by(ResultSnapshot.id.desc())))


def publish(session: Session, actor, budget_id: int, *, fresh_login: bool,
            expected_sha256: str | None = None, reason: str = "") -> ResultSnapshot:
    """Record the outcome as a new snapshot, audited, and move the budget to `published`.

    Needs an admin who logged in (with the second factor) minutes ago. A budget that already has
    a snapshot gets a correction: a new snapshot that names the one it supersedes and says why.
    `expected_sha256` (the preview's digest) refuses to publish data that changed since the preview.
    """
    _admin(actor)
    if not fresh_login:
        raise Forbidden("Please log in again (with your code) before publishing.")
    budget = _budget(session, budget_id, lock=True)
    phase = effective_phase(budget)
    previous = latest_snapshot(session, budget.id)
    reason = (reason or "").strip()
    if previous is None and phase != "closed":
        raise Conflict("Voting is still open: close it before counting.")
    if previous is not None and not reason:
        raise DomainError("A correction needs a reason, shown to everyone beside it.")
    if len(reason) > REASON_MAX:
        raise DomainError("The reason is too long.")
    result = compute_result(session, budget)
    if expected_sha256 and expected_sha256 != result["pb_sha256"]:
        raise Conflict("The ballots changed since the preview. Preview again before publishing.")
    snapshot = ResultSnapshot(
        budget_id=budget.id, rule=result["rule"], selected=result["selected"],
        tallies=result["tallies"], explanations=result["explanations"], spent=result["spent"],
        ballots_counted=result["ballots_counted"], pb_sha256=result["pb_sha256"], reason=reason,
        supersedes_id=previous.id if previous else None, published_by_id=actor.id,
        published_at=utcnow())
    session.add(snapshot)
    session.flush()
    if budget.phase in ("voting", "closed"):
        budget.phase = "published"
    audit.record(session, "results.correct" if previous else "results.publish", actor.id,
                 f"budget:{budget.id}", snapshot_id=snapshot.id, rule=snapshot.rule,
                 selected=snapshot.selected, pb_sha256=snapshot.pb_sha256,
                 supersedes_id=snapshot.supersedes_id, reason=reason)
    session.commit()
    return snapshot


def snapshot_json(snapshot: ResultSnapshot) -> dict:
    """A snapshot as the API and the JSON download give it."""
    return {"id": snapshot.id, "budget_id": snapshot.budget_id, "rule": snapshot.rule,
            "selected": [str(s) for s in snapshot.selected], "spent": snapshot.spent,
            "ballots_counted": snapshot.ballots_counted, "pb_sha256": snapshot.pb_sha256,
            "tallies": snapshot.tallies, "explanations": snapshot.explanations,
            "reason": snapshot.reason, "supersedes_id": snapshot.supersedes_id,
            "published_at": snapshot.published_at.isoformat(timespec="seconds")}


def published_results(session: Session, budget_id: int) -> dict:
    """The API's results: the snapshot in force, and every snapshot; NotFound before publication."""
    history = snapshots(session, budget_id)
    if not history:
        raise NotFound("The results of this budget have not been published yet.")
    current = snapshot_json(history[0])
    return {**{k: current[k] for k in ("rule", "selected", "spent", "published_at", "pb_sha256",
                                       "ballots_counted", "budget_id")},
            "snapshots": [snapshot_json(s) for s in history]}
