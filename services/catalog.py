"""Public reads of budgets and projects: what any visitor (and the open API) may see."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from models import (Budget, Commitment, District, Envelope, ImplementationUpdate, Project,
                    ProjectStatusEvent, VoterRoll)
from models.budget import PHASES
from models.project import CATEGORIES, STATUSES

from .errors import NotFound

# Shown unless asked for: a withdrawn or merged proposal is no longer a project of its own.
LISTED_STATUSES = ("proposed", "under_review", "accepted", "rejected")
# Drafts are being prepared by admins and are not public yet.
PUBLIC_PHASES = tuple(p for p in PHASES if p != "draft")
# Larger ids cannot exist and would overflow PostgreSQL's integer columns.
MAX_ID = 2**31 - 1
SEARCH_MAX = 100


@dataclass(frozen=True)
class BudgetSummary:
    """A budget with its envelopes (and their districts) loaded, and the turnout so far."""

    budget: Budget
    ballots: int


@dataclass(frozen=True)
class ProjectQuery:
    """Filters of a public project list; None means "any"."""

    budget_id: int | None = None
    district: str | None = None  # district code
    category: str | None = None
    statuses: tuple[str, ...] = LISTED_STATUSES
    search: str = ""

    def __post_init__(self):
        unknown = set(self.statuses) - set(STATUSES)
        if unknown or (self.category is not None and self.category not in CATEGORIES):
            raise ValueError("unknown status or category")  # callers validate; this is a bug
        if self.budget_id is not None and not 0 < self.budget_id <= MAX_ID:
            raise ValueError("budget id out of range")


@dataclass(frozen=True)
class ProjectDetail:
    """One public project with everything its page shows."""

    project: Project
    commitment: Commitment | None
    events: list[ProjectStatusEvent] = field(default_factory=list)
    updates: list[ImplementationUpdate] = field(default_factory=list)


def _turnout(session: Session, budget_ids: list[int]) -> dict[int, int]:
    """Voter-roll rows per budget, in one aggregate query."""
    if not budget_ids:
        return {}
    rows = session.execute(
        select(VoterRoll.budget_id, func.count(VoterRoll.id))
        .where(VoterRoll.budget_id.in_(budget_ids)).group_by(VoterRoll.budget_id))
    return {budget_id: count for budget_id, count in rows}


def _public_budgets():
    return (select(Budget).where(Budget.phase.in_(PUBLIC_PHASES))
            .options(selectinload(Budget.envelopes).selectinload(Envelope.district)))


def list_budgets(session: Session) -> list[BudgetSummary]:
    """Every public budget, newest first, with envelopes and turnout."""
    budgets = session.scalars(_public_budgets().order_by(Budget.year.desc(), Budget.id.desc())).all()
    turnout = _turnout(session, [b.id for b in budgets])
    return [BudgetSummary(b, turnout.get(b.id, 0)) for b in budgets]


def get_budget(session: Session, budget_id: int) -> BudgetSummary:
    """One public budget; NotFound for an unknown id or a draft."""
    if not 0 < budget_id <= MAX_ID:
        raise NotFound("There is no budget with id %(id)s.", id=budget_id)
    budget = session.scalar(_public_budgets().where(Budget.id == budget_id))
    if budget is None:
        raise NotFound("There is no budget with id %(id)s.", id=budget_id)
    return BudgetSummary(budget, _turnout(session, [budget.id]).get(budget.id, 0))


def list_districts(session: Session) -> list[District]:
    """Every district, in code order (for filters and labels)."""
    return list(session.scalars(select(District).order_by(District.code)))


def _public_projects():
    """Projects a visitor may see: not hidden by moderation, in a budget that is public."""
    return (select(Project).join(Project.budget)
            .where(Project.hidden_reason.is_(None), Budget.phase.in_(PUBLIC_PHASES)))


def matches(project: Project, words: list[str]) -> bool:
    """Whether every word occurs in one of the project's titles or descriptions, ignoring case."""
    haystack = " ".join(getattr(project, f"{f}_{lang}") or ""
                        for f in ("title", "description") for lang in ("ky", "ru", "en")).casefold()
    return all(word in haystack for word in words)


def list_projects(session: Session, query: ProjectQuery) -> list[Project]:
    """Public projects matching `query`, with budget and district loaded, newest budget first."""
    statement = (_public_projects().where(Project.status.in_(query.statuses))
                 .options(contains_eager(Project.budget), selectinload(Project.district))
                 .order_by(Budget.year.desc(), Project.budget_id.desc(), Project.id))
    if query.budget_id is not None:
        statement = statement.where(Project.budget_id == query.budget_id)
    if query.category is not None:
        statement = statement.where(Project.category == query.category)
    if query.district is not None:
        statement = statement.join(Project.district).where(District.code == query.district)
    projects = list(session.scalars(statement))
    words = query.search.casefold().split()[:10]
    if words:
        # In Python, not SQL: SQLite's lower()/LIKE fold ASCII only, so Cyrillic would never
        # match case-insensitively there. A cycle holds hundreds of projects, not millions.
        projects = [p for p in projects if matches(p, words)]
    return projects


def get_project(session: Session, project_id: int) -> ProjectDetail:
    """One public project with its status history, commitment and implementation updates."""
    if not 0 < project_id <= MAX_ID:
        raise NotFound("There is no project with id %(id)s.", id=project_id)
    project = session.scalar(
        _public_projects().where(Project.id == project_id)
        .options(selectinload(Project.district), selectinload(Project.budget)))
    if project is None:
        raise NotFound("There is no project with id %(id)s.", id=project_id)
    commitment = session.get(Commitment, project.commitment_id) if project.commitment_id else None
    events = session.scalars(select(ProjectStatusEvent).where(ProjectStatusEvent.project_id == project.id)
                             .order_by(ProjectStatusEvent.created_at, ProjectStatusEvent.id)).all()
    updates = session.scalars(select(ImplementationUpdate)
                              .where(ImplementationUpdate.project_id == project.id)
                              .order_by(ImplementationUpdate.created_at.desc(),
                                        ImplementationUpdate.id.desc())).all()
    return ProjectDetail(project, commitment, list(events), list(updates))
