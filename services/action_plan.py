"""Public read of the Joint Action Plan: commitments, milestones and the projects they back."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import ActionPlan, Budget, Commitment, Milestone, Project

from .catalog import PUBLIC_PHASES
from .errors import NotFound


@dataclass(frozen=True)
class CommitmentView:
    """A commitment with its milestones and the public projects linked to it."""

    commitment: Commitment
    milestones: list[Milestone]
    projects: list[Project]


@dataclass(frozen=True)
class ActionPlanView:
    """The current action plan, commitments in number order."""

    plan: ActionPlan
    commitments: list[CommitmentView]


def current_action_plan(session: Session) -> ActionPlanView:
    """The most recent action plan; NotFound while none exists. Three queries whatever its size."""
    plan = session.scalar(
        select(ActionPlan).order_by(ActionPlan.starts_on.desc(), ActionPlan.id.desc()).limit(1)
        .options(selectinload(ActionPlan.commitments).selectinload(Commitment.milestones)))
    if plan is None:
        raise NotFound("No action plan has been published yet.")
    ids = [c.id for c in plan.commitments]
    linked: dict[int, list[Project]] = {i: [] for i in ids}
    if ids:
        projects = session.scalars(
            select(Project).join(Project.budget)
            .where(Project.commitment_id.in_(ids), Project.hidden_reason.is_(None),
                   Budget.phase.in_(PUBLIC_PHASES), Project.status.notin_(("withdrawn", "merged")))
            .order_by(Project.id))
        for project in projects:
            linked[project.commitment_id].append(project)
    return ActionPlanView(plan, [CommitmentView(c, list(c.milestones), linked[c.id])
                                 for c in plan.commitments])
