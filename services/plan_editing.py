"""Admins edit the Joint Action Plan: the plan, its commitments (OGP Local shape) and milestones.

Texts are edited one language at a time: a save writes that language's columns and leaves the
others as they were, so translators can work in parallel.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import ActionPlan, Commitment, Milestone, User
from models.base import LANGUAGES
from models.plan import COMMITMENT_STATUSES, MILESTONE_STATUSES

from . import audit
from .errors import DomainError, NotFound

TITLE_MAX, TEXT_MAX = 300, 5000


@dataclass
class CommitmentForm:
    """One language's text of a commitment, plus its language-free fields."""

    language: str
    title: str
    problem: str = ""
    description: str = ""
    lead_department: str = ""
    partners: str = ""
    status: str = "not_started"


def _language(language: str) -> None:
    if language not in LANGUAGES:
        raise DomainError("Choose the language you write in.")


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError("The title is required (at most %(high)s characters).", high=TITLE_MAX)
    return title


def _text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError("Texts may have at most %(high)s characters.", high=TEXT_MAX)
    return text


def current_plan(session: Session) -> ActionPlan | None:
    """The latest plan with commitments and milestones loaded, or None."""
    return session.scalar(select(ActionPlan).order_by(ActionPlan.starts_on.desc(), ActionPlan.id.desc())
                          .limit(1).options(selectinload(ActionPlan.commitments)
                                            .selectinload(Commitment.milestones)))


def save_plan(session: Session, actor: User, plan_id: int | None, language: str, title: str,
              summary: str, starts_on: date, ends_on: date) -> ActionPlan:
    """Create a plan (plan_id None) or change one; the title is copied to empty languages."""
    _language(language)
    title, summary = _title(title), _text(summary)
    if ends_on <= starts_on:
        raise DomainError("The plan must end after it starts.")
    plan = session.get(ActionPlan, plan_id) if plan_id else ActionPlan()
    if plan is None:
        raise NotFound("There is no action plan with id %(id)s.", id=plan_id)
    for lang in LANGUAGES:  # title columns are required: fill the others until translated
        if lang == language or not getattr(plan, f"title_{lang}", None):
            setattr(plan, f"title_{lang}", title)
    setattr(plan, f"summary_{language}", summary)
    plan.starts_on, plan.ends_on = starts_on, ends_on
    session.add(plan)
    session.flush()
    audit.record(session, "plan.save", actor.id, f"action_plan:{plan.id}", language=language)
    session.commit()
    return plan


def save_commitment(session: Session, actor: User, plan_id: int, commitment_id: int | None,
                    form: CommitmentForm) -> Commitment:
    """Create a commitment (numbered after the last) or change one language of it."""
    _language(form.language)
    if form.status not in COMMITMENT_STATUSES:
        raise DomainError("Choose a status from the list.")
    title = _title(form.title)
    plan = session.get(ActionPlan, plan_id)
    if plan is None:
        raise NotFound("There is no action plan with id %(id)s.", id=plan_id)
    if commitment_id is None:
        number = (session.scalar(select(func.max(Commitment.number))
                                 .where(Commitment.action_plan_id == plan.id)) or 0) + 1
        commitment = Commitment(action_plan_id=plan.id, number=number)
        session.add(commitment)
    else:
        commitment = session.get(Commitment, commitment_id)
        if commitment is None or commitment.action_plan_id != plan.id:
            raise NotFound("There is no commitment with id %(id)s.", id=commitment_id)
    lang = form.language
    for other in LANGUAGES:
        if other == lang or not getattr(commitment, f"title_{other}", None):
            setattr(commitment, f"title_{other}", title)
    for name in ("problem", "description", "lead_department"):
        value = _text(getattr(form, name))
        if name == "lead_department" and len(value) > TITLE_MAX:
            raise DomainError("The lead department may have at most %(high)s characters.", high=TITLE_MAX)
        setattr(commitment, f"{name}_{lang}", value)
    commitment.partners, commitment.status = _text(form.partners), form.status
    session.flush()
    audit.record(session, "plan.commitment", actor.id, f"commitment:{commitment.id}",
                 language=lang, status=form.status)
    session.commit()
    return commitment


def save_milestone(session: Session, actor: User, commitment_id: int, milestone_id: int | None,
                   language: str, title: str, due_on: date, status: str) -> Milestone:
    """Create a milestone of a commitment, or change one."""
    _language(language)
    title = _title(title)
    if status not in MILESTONE_STATUSES:
        raise DomainError("Choose a status from the list.")
    if session.get(Commitment, commitment_id) is None:
        raise NotFound("There is no commitment with id %(id)s.", id=commitment_id)
    if milestone_id is None:
        milestone = Milestone(commitment_id=commitment_id)
        session.add(milestone)
    else:
        milestone = session.get(Milestone, milestone_id)
        if milestone is None or milestone.commitment_id != commitment_id:
            raise NotFound("There is no milestone with id %(id)s.", id=milestone_id)
    for other in LANGUAGES:
        if other == language or not getattr(milestone, f"title_{other}", None):
            setattr(milestone, f"title_{other}", title)
    milestone.due_on, milestone.status = due_on, status
    session.flush()
    audit.record(session, "plan.milestone", actor.id, f"milestone:{milestone.id}", status=status)
    session.commit()
    return milestone
