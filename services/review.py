"""The city's review of proposals and their moderation; every step is public history and audited."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from translations import N_, translate
from models import Budget, Project, ProjectStatusEvent, User

from . import audit
from .errors import Conflict, DomainError, NotFound
from .proposals import support_counts

REASON_MIN, REASON_MAX = 10, 2000
# Decisions are open while the cycle is in review (and during proposals, for early duplicates).
REVIEW_PHASES = ("proposals", "review")
DECIDABLE = ("proposed", "under_review", "accepted", "rejected")


def _event(session: Session, project: Project, status: str, actor_id: int, reason: str = "") -> None:
    session.add(ProjectStatusEvent(project_id=project.id, status=status, reason=reason, actor_id=actor_id))


def _reason(text: str, required: bool = True) -> str:
    text = (text or "").strip()
    if (required or text) and not REASON_MIN <= len(text) <= REASON_MAX:
        raise DomainError("The reason must be between %(low)s and %(high)s characters.",
                          low=REASON_MIN, high=REASON_MAX)
    return text


def _project(session: Session, project_id: int, lock: bool = True) -> Project:
    statement = select(Project).where(Project.id == project_id)
    project = session.scalar(statement.with_for_update() if lock else statement)
    if project is None:
        raise NotFound("There is no project with id %(id)s.", id=project_id)
    return project


def _in_review(project: Project) -> None:
    if project.budget.phase not in REVIEW_PHASES:
        raise Conflict("This cycle is not in review: decisions are closed.")
    if project.status not in DECIDABLE:
        raise Conflict("A withdrawn or merged proposal cannot be reviewed.")


def review_queue(session: Session, budget_id: int | None = None) -> list[Project]:
    """Proposals waiting for or under review (oldest first), hidden ones included for moderators."""
    statement = (select(Project).join(Project.budget)
                 .where(Budget.phase.in_(REVIEW_PHASES), Project.status.in_(DECIDABLE))
                 .options(selectinload(Project.budget)).order_by(Project.budget_id, Project.id))
    if budget_id is not None:
        statement = statement.where(Project.budget_id == budget_id)
    return list(session.scalars(statement))


def assess(session: Session, actor: User, project_id: int, feasible: bool, note: str,
           official_cost: int | None) -> Project:
    """Record feasibility (with a reason) and the city's cost estimate."""
    project = _project(session, project_id)
    _in_review(project)
    note = _reason(note)
    if official_cost is not None and official_cost <= 0:
        raise DomainError("The official cost must be a positive number of som.")
    if official_cost is not None and official_cost > project.envelope.amount:
        raise DomainError("The official cost is more than the whole envelope (%(amount)s som).",
                          amount=project.envelope.amount)
    project.feasible, project.feasibility_note, project.official_cost = feasible, note, official_cost
    if project.status == "proposed":
        project.status = "under_review"
    cost = f" Official cost: {official_cost} KGS." if official_cost else ""
    _event(session, project, "feasible" if feasible else "not_feasible", actor.id, note + cost)
    audit.record(session, "review.assess", actor.id, f"project:{project.id}", feasible=feasible,
                 official_cost=official_cost)
    session.commit()
    return project


def decide(session: Session, actor: User, project_id: int, accepted: bool, reason: str) -> Project:
    """Put a proposal on the ballot, or reject it with a public reason (required)."""
    project = _project(session, project_id)
    _in_review(project)
    reason = _reason(reason, required=not accepted)
    if accepted and project.feasible is False:
        raise Conflict("A proposal assessed as not feasible cannot go on the ballot.")
    project.status = "accepted" if accepted else "rejected"
    project.public_reason = reason
    _event(session, project, project.status, actor.id, reason)
    audit.record(session, "review.decide", actor.id, f"project:{project.id}", status=project.status)
    session.commit()
    return project


def merge(session: Session, actor: User, duplicate_id: int, kept_id: int, reason: str) -> Project:
    """Merge a duplicate into the kept proposal; its supporters count for the kept one."""
    if duplicate_id == kept_id:
        raise DomainError("A proposal cannot be merged into itself.")
    duplicate, kept = _project(session, duplicate_id), _project(session, kept_id)
    _in_review(duplicate)
    _in_review(kept)
    if duplicate.budget_id != kept.budget_id:
        raise Conflict("Only proposals of the same cycle can be merged.")
    if kept.hidden_reason is not None:
        raise Conflict("A hidden proposal cannot be the one kept.")
    reason = _reason(reason)
    duplicate.status, duplicate.merged_into_id, duplicate.public_reason = "merged", kept.id, reason
    # Proposals merged earlier into the duplicate follow it, so merges stay one level deep.
    session.execute(update(Project).where(Project.merged_into_id == duplicate.id)
                    .values(merged_into_id=kept.id))
    _event(session, duplicate, "merged", actor.id, f"{reason} → #{kept.id}")
    _event(session, kept, "merged_in", actor.id, f"#{duplicate.id}")
    audit.record(session, "review.merge", actor.id, f"project:{duplicate.id}", into=kept.id)
    session.commit()
    return duplicate


def _tell_author(session: Session, project: Project, subject: str, body: str, **params) -> None:
    """Notify the author through the sender, in their language; nobody to tell for city projects."""
    from .sender import send

    author = session.get(User, project.author_id) if project.author_id else None
    if author is None or not (author.email or author.phone):
        return
    send(session, author.email or author.phone, translate(subject, author.locale),
         translate(body, author.locale, **params))


def hide(session: Session, actor: User, project_id: int, reason: str) -> Project:
    """Hide abusive content from every public list and the API; the author is told why."""
    project = _project(session, project_id)
    reason = _reason(reason)
    first = project.hidden_reason is None
    project.hidden_reason = reason
    if first:  # the history is public, but the visible entry must not repeat the abuse
        _event(session, project, "hidden", actor.id, "")
    audit.record(session, "moderation.hide", actor.id, f"project:{project.id}", reason=reason)
    _tell_author(session, project, N_("Your proposal was hidden"),
                 N_("Your proposal #%(id)s was hidden by a moderator. Reason: %(reason)s\n"
                    "You can still see it on your proposals page."), id=project.id, reason=reason)
    session.commit()
    return project


def restore(session: Session, actor: User, project_id: int) -> Project:
    """Show a hidden project again."""
    project = _project(session, project_id)
    if project.hidden_reason is None:
        raise Conflict("This project is not hidden.")
    project.hidden_reason = None
    _event(session, project, "restored", actor.id)
    audit.record(session, "moderation.restore", actor.id, f"project:{project.id}")
    _tell_author(session, project, N_("Your proposal is visible again"),
                 N_("Your proposal #%(id)s is visible to everyone again."), id=project.id)
    session.commit()
    return project


def queue_supports(session: Session, projects: list[Project]) -> dict[int, int]:
    """Support counts for the queue (merged supporters included)."""
    return support_counts(session, [p.id for p in projects])
