"""Implementation of funded projects: dated updates with an optional photo, and progress roll-ups."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Budget, ImplementationUpdate, Project, ResultSnapshot, User
from models.base import LANGUAGES
from models.project import IMPLEMENTATION_STATUSES

from . import audit
from .errors import Conflict, DomainError, NotFound

PHOTO_MAX_BYTES = 2 * 1024 * 1024
NOTE_MAX = 4000
# Checked on the bytes, never on the name or the browser's claim.
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
TRACKED_PHASES = ("published", "implementation")


def photo_kind(data: bytes) -> str | None:
    """`jpg`, `png` or `webp` from the file's magic bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def upload_dir(instance_path: str | Path) -> Path:
    """Where update photos live: `uploads/` under the app's instance folder."""
    return Path(instance_path) / "uploads"


def is_photo_name(name: str) -> bool:
    """Whether `name` is one our uploads could have (random hex and a known extension)."""
    stem, _, ext = name.partition(".")
    return ext in PHOTO_TYPES and len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


@dataclass(frozen=True)
class Rollup:
    """Progress of the funded projects linked to one commitment."""

    projects: int
    average_progress: int
    completed: int


def _funded_ids(session: Session, budget_id: int) -> set[int] | None:
    """Project ids the latest published result funds; None when nothing is published yet."""
    snapshot = session.scalar(select(ResultSnapshot).where(ResultSnapshot.budget_id == budget_id)
                              .order_by(ResultSnapshot.id.desc()).limit(1))
    if snapshot is None:
        return None
    return {int(i) for i in snapshot.selected if str(i).isdigit()}


def funded_projects(session: Session) -> list[Project]:
    """Projects being implemented: accepted, in a published cycle, and funded by its result."""
    projects = list(session.scalars(
        select(Project).join(Project.budget)
        .where(Budget.phase.in_(TRACKED_PHASES), Project.status == "accepted")
        .options(selectinload(Project.budget)).order_by(Project.budget_id, Project.id)))
    funded: dict[int, set[int] | None] = {}
    for budget_id in {p.budget_id for p in projects}:
        funded[budget_id] = _funded_ids(session, budget_id)
    return [p for p in projects if funded[p.budget_id] is None or p.id in funded[p.budget_id]]


def _store_photo(upload_dir: Path, data: bytes) -> str:
    if len(data) > PHOTO_MAX_BYTES:
        raise DomainError("The photo is larger than 2 MB.")
    kind = photo_kind(data)
    if kind is None:
        raise DomainError("The photo must be a JPEG, PNG or WebP image.")
    upload_dir.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{kind}"
    (upload_dir / name).write_bytes(data)
    return name


def add_update(session: Session, actor: User, project_id: int, status: str, progress: int,
               note: str, language: str, photo: bytes | None = None,
               upload_dir: Path | None = None) -> ImplementationUpdate:
    """A dated report on a funded project; it sets the project's status and progress."""
    project = session.get(Project, project_id)
    if project is None or project.id not in {p.id for p in funded_projects(session)}:
        raise NotFound("There is no funded project with id %(id)s.", id=project_id)
    if status not in IMPLEMENTATION_STATUSES:
        raise DomainError("Choose an implementation status from the list.")
    if not 0 <= progress <= 100:
        raise DomainError("Progress is a percentage between 0 and 100.")
    if status == "completed" and progress != 100:
        raise DomainError("A completed project is 100% done.")
    note = (note or "").strip()
    if not note or len(note) > NOTE_MAX:
        raise DomainError("Write a note of at most %(high)s characters.", high=NOTE_MAX)
    if language not in LANGUAGES:
        raise DomainError("Choose the language you write in.")
    if project.implementation_status in ("completed", "cancelled") and status != project.implementation_status:
        raise Conflict("This project is finished; its status can no longer change.")
    photo_name = _store_photo(upload_dir, photo) if photo else None
    update = ImplementationUpdate(project_id=project.id, status=status, progress=progress,
                                  photo_path=photo_name, author_id=actor.id,
                                  **{f"note_{lang}": note if lang == language else "" for lang in LANGUAGES})
    session.add(update)
    project.implementation_status, project.progress = status, progress
    audit.record(session, "implementation.update", actor.id, f"project:{project.id}",
                 status=status, progress=progress, photo=bool(photo_name))
    try:
        session.commit()
    except Exception:
        if photo_name:  # nothing half-saved: no orphan file without its row
            (upload_dir / photo_name).unlink(missing_ok=True)
        raise
    return update


def public_updates(session: Session, project_id: int) -> list[ImplementationUpdate]:
    """A public project's updates, newest first; NotFound for hidden or unknown projects."""
    project = session.get(Project, project_id)
    if project is None or project.hidden_reason is not None or project.budget.phase == "draft":
        raise NotFound("There is no project with id %(id)s.", id=project_id)
    return list(session.scalars(select(ImplementationUpdate)
                                .where(ImplementationUpdate.project_id == project_id)
                                .order_by(ImplementationUpdate.created_at.desc(),
                                          ImplementationUpdate.id.desc())))


def photo_is_public(session: Session, name: str) -> bool:
    """Whether a stored photo belongs to an update of a project the public may see (not hidden,
    not in a draft cycle); a random name alone must not reveal what moderation took down."""
    project = session.scalar(select(Project).join(ImplementationUpdate,
                                                  ImplementationUpdate.project_id == Project.id)
                             .where(ImplementationUpdate.photo_path == name).limit(1))
    return project is not None and project.hidden_reason is None and project.budget.phase != "draft"


def commitment_rollup(session: Session, commitment_ids: list[int]) -> dict[int, Rollup]:
    """Per commitment: how many funded projects, their average progress, how many completed.

    Cancelled projects are left out of the average: they will never progress.
    """
    ids = set(commitment_ids)
    rows: dict[int, list[Project]] = {}
    for project in funded_projects(session):
        if project.commitment_id in ids and project.hidden_reason is None \
                and project.implementation_status != "cancelled":
            rows.setdefault(project.commitment_id, []).append(project)
    return {cid: Rollup(len(ps), round(sum(p.progress for p in ps) / len(ps)),
                        sum(p.implementation_status == "completed" for p in ps))
            for cid, ps in rows.items()}


def count_updates(session: Session, project_ids: list[int]) -> dict[int, int]:
    """How many updates each project has (for the staff list)."""
    if not project_ids:
        return {}
    rows = session.execute(select(ImplementationUpdate.project_id, func.count())
                           .where(ImplementationUpdate.project_id.in_(project_ids))
                           .group_by(ImplementationUpdate.project_id))
    return dict(rows.all())
