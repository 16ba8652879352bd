"""Residents' proposals: submit, edit and withdraw them, and support each other's."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import Budget, Commitment, District, Envelope, Project, ProjectStatusEvent, Support, User
from models.base import LANGUAGES
from models.project import CATEGORIES
from translations import N_, _

from . import audit
from .errors import Conflict, DomainError, Forbidden, NotFound

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 20, 5000
ADDRESS_MAX = 300
# Osh and its outskirts (south, west, north, east): a point outside is a typo, not a place.
OSH_BOUNDS = (40.44, 72.66, 40.64, 72.94)
# A proposal stays editable by its author while it is still only proposed.
EDITABLE = ("proposed",)
WITHDRAWABLE = ("proposed", "under_review")
# The platform's own public reason: stored in English (the public record, API and CSV), shown
# in the reader's language (`shown_reason`). Moderators' reasons are their words, shown as written.
BELOW_THRESHOLD = N_("Did not reach the support threshold for review: %(supports)s of %(threshold)s supports.")
_BELOW_THRESHOLD_STORED = re.compile(re.escape(BELOW_THRESHOLD).replace(re.escape("%(supports)s"), r"(\d+)")
                                     .replace(re.escape("%(threshold)s"), r"(\d+)"))


@dataclass
class ProposalForm:
    """What a resident writes; the text is stored in the column of `language`."""

    title: str
    description: str
    language: str
    category: str
    cost: int
    district_id: int | None = None  # None: the city-wide envelope
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    commitment_id: int | None = None


def _event(session: Session, project: Project, status: str, actor_id: int | None, reason: str = "") -> None:
    session.add(ProjectStatusEvent(project_id=project.id, status=status, reason=reason, actor_id=actor_id))


def _validate(session: Session, budget: Budget, form: ProposalForm) -> Envelope:
    """Check the form against the cycle; return the envelope the proposal competes in."""
    title, description = form.title.strip(), form.description.strip()
    if form.language not in LANGUAGES:
        raise DomainError("Choose the language you write in.")
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise DomainError("The title must be between %(low)s and %(high)s characters.", low=TITLE_MIN, high=TITLE_MAX)
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        raise DomainError("The description must be between %(low)s and %(high)s characters.",
                          low=DESCRIPTION_MIN, high=DESCRIPTION_MAX)
    if form.category not in CATEGORIES:
        raise DomainError("Choose a category from the list.")
    if len(form.address.strip()) > ADDRESS_MAX:
        raise DomainError("The address may have at most %(high)s characters.", high=ADDRESS_MAX)
    if (form.latitude is None) != (form.longitude is None):
        raise DomainError("Give both latitude and longitude, or neither.")
    if form.latitude is not None:
        south, west, north, east = OSH_BOUNDS
        if not (south <= form.latitude <= north and west <= form.longitude <= east):
            raise DomainError("That point is not in Osh: check the latitude and longitude.")
    if form.commitment_id is not None and session.get(Commitment, form.commitment_id) is None:
        raise DomainError("Choose a commitment of the action plan from the list.")
    if form.district_id is not None and session.get(District, form.district_id) is None:
        raise DomainError("Choose a district from the list.")
    envelope = session.scalar(select(Envelope).where(Envelope.budget_id == budget.id,
                                                     Envelope.district_id == form.district_id))
    if envelope is None:
        raise DomainError("This cycle has no envelope for that district; choose another district or city-wide.")
    if form.cost <= 0:
        raise DomainError("The estimated cost must be a positive number of som.")
    if form.cost > envelope.amount:
        raise DomainError("The estimated cost is more than the whole envelope (%(amount)s som).", amount=envelope.amount)
    return envelope


def _write(project: Project, form: ProposalForm, envelope: Envelope) -> None:
    for lang in LANGUAGES:  # the author writes in one language; the others stay empty
        setattr(project, f"title_{lang}", form.title.strip() if lang == form.language else "")
        setattr(project, f"description_{lang}", form.description.strip() if lang == form.language else "")
    project.envelope_id = envelope.id
    project.district_id = form.district_id
    project.category = form.category
    project.cost = form.cost
    project.address = form.address.strip()
    project.latitude, project.longitude = form.latitude, form.longitude
    project.commitment_id = form.commitment_id


def _require_verified(user: User) -> None:
    if not user.is_verified:
        raise Forbidden("Only verified residents of Osh can do this.")


def open_cycles(session: Session) -> list[Budget]:
    """Cycles taking proposals now, with their envelopes."""
    return list(session.scalars(select(Budget).where(Budget.phase == "proposals").order_by(Budget.id)
                                .options(selectinload(Budget.envelopes))))


def submit_proposal(session: Session, user: User, budget_id: int, form: ProposalForm) -> Project:
    """A verified resident proposes a project in a cycle that takes proposals."""
    _require_verified(user)
    budget = session.get(Budget, budget_id)
    if budget is None or budget.phase != "proposals":
        raise Conflict("This cycle is not taking proposals.")
    envelope = _validate(session, budget, form)
    project = Project(budget_id=budget.id, author_id=user.id, status="proposed")
    _write(project, form, envelope)
    session.add(project)
    session.flush()
    _event(session, project, "submitted", user.id)
    audit.record(session, "proposal.submit", user.id, f"project:{project.id}", budget=budget.id)
    session.commit()
    return project


def _own(session: Session, user: User, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.author_id != user.id:
        raise NotFound("You have no proposal with id %(id)s.", id=project_id)
    return project


def edit_proposal(session: Session, user: User, project_id: int, form: ProposalForm) -> Project:
    """The author changes their proposal while the cycle takes proposals and nobody reviewed it."""
    _require_verified(user)
    project = _own(session, user, project_id)
    budget = project.budget
    if project.status not in EDITABLE or budget.phase != "proposals":
        raise Conflict("Review has started: this proposal can no longer be edited.")
    envelope = _validate(session, budget, form)
    _write(project, form, envelope)
    audit.record(session, "proposal.edit", user.id, f"project:{project.id}")
    session.commit()
    return project


def withdraw_proposal(session: Session, user: User, project_id: int) -> Project:
    """The author withdraws their proposal before the city decides on it."""
    project = _own(session, user, project_id)
    if project.status not in WITHDRAWABLE or project.budget.phase not in ("proposals", "review"):
        raise Conflict("This proposal can no longer be withdrawn.")
    project.status = "withdrawn"
    _event(session, project, "withdrawn", user.id, "")
    audit.record(session, "proposal.withdraw", user.id, f"project:{project.id}")
    session.commit()
    return project


def my_proposals(session: Session, user: User) -> list[Project]:
    """The author's own proposals, newest first (hidden ones too: the author should see why)."""
    return list(session.scalars(select(Project).where(Project.author_id == user.id)
                                .options(selectinload(Project.budget))
                                .order_by(Project.id.desc())))


def support_counts(session: Session, project_ids: list[int]) -> dict[int, int]:
    """Distinct supporters per project, counting those of proposals merged into it."""
    if not project_ids:
        return {}
    target = func.coalesce(Project.merged_into_id, Project.id)
    rows = session.execute(
        select(target, func.count(func.distinct(Support.user_id)))
        .join(Project, Project.id == Support.project_id)
        .where(target.in_(project_ids)).group_by(target))
    counts = {i: 0 for i in project_ids}
    counts.update({project_id: count for project_id, count in rows})
    return counts


def has_supported(session: Session, user: User, project_id: int) -> bool:
    """Whether `user` supports `project_id`."""
    return session.scalar(select(Support.id).where(Support.project_id == project_id,
                                                   Support.user_id == user.id)) is not None


def _supportable(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.hidden_reason is not None:
        raise NotFound("There is no project with id %(id)s.", id=project_id)
    if project.status != "proposed" or project.budget.phase != "proposals":
        raise Conflict("Supports are collected only while the cycle takes proposals.")
    return project


def support(session: Session, user: User, project_id: int) -> bool:
    """Support a proposal once; True if this call added the support, False if it was there.

    Two clicks racing both pass the existence check; the unique constraint lets one insert win
    and the other finds it already done, so neither gets an error.
    """
    _require_verified(user)
    _supportable(session, project_id)
    if has_supported(session, user, project_id):
        return False
    session.add(Support(project_id=project_id, user_id=user.id))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def withdraw_support(session: Session, user: User, project_id: int) -> bool:
    """Take a support back while supports are collected; True if one was removed."""
    _require_verified(user)
    _supportable(session, project_id)
    removed = session.execute(delete(Support).where(Support.project_id == project_id,
                                                    Support.user_id == user.id)).rowcount
    session.commit()
    return bool(removed)


def close_proposals(session: Session, budget: Budget, actor_id: int | None) -> dict:
    """Proposals go to review, except those below the cycle's support threshold (rejected, publicly).

    Runs inside the phase change's transaction; returns counts for its audit record.
    """
    projects = list(session.scalars(select(Project).where(Project.budget_id == budget.id,
                                                          Project.status == "proposed")))
    counts = support_counts(session, [p.id for p in projects])
    below = 0
    for project in projects:
        if budget.support_threshold and counts[project.id] < budget.support_threshold:
            project.status = "rejected"
            project.public_reason = BELOW_THRESHOLD % {"supports": counts[project.id],
                                                       "threshold": budget.support_threshold}
            _event(session, project, "below_threshold", actor_id, project.public_reason)
            below += 1
        else:
            project.status = "under_review"
            _event(session, project, "under_review", actor_id)
    return {"to_review": len(projects) - below, "below_threshold": below}


def shown_reason(reason: str | None) -> str | None:
    """A proposal's public reason for the reader: the platform's own in their language, people's as written."""
    found = _BELOW_THRESHOLD_STORED.fullmatch(reason or "")
    if found is None:
        return reason
    return _(BELOW_THRESHOLD, supports=int(found[1]), threshold=int(found[2]))


def public_proposals(session: Session, budget_id: int) -> list[tuple[Project, int]]:
    """Every proposal of a public cycle that moderation has not hidden, with its supports."""
    from .catalog import get_budget  # NotFound for unknown ids and drafts

    get_budget(session, budget_id)
    projects = list(session.scalars(select(Project).where(Project.budget_id == budget_id,
                                                          Project.hidden_reason.is_(None))
                                    .options(selectinload(Project.district)).order_by(Project.id)))
    counts = support_counts(session, [p.id for p in projects])
    return [(p, counts[p.id]) for p in projects]
