"""The public bulletin of ballots: receipt hashes (and choices once tallies are public)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget

from .errors import NotFound
from .keys import receipt_hash
from .visibility import may_see_tally



def tallies_public(budget: Budget, now: datetime | None = None) -> bool:
    """Whether a visitor may see how ballots were cast: the bulletin is public, so it asks the
    one visibility rule on behalf of nobody in particular (choices add up to the tally)."""
    return may_see_tally(budget, None, now)


@dataclass
class BulletinEntry:
    """One ballot on the bulletin: its receipt hash and, when public, project id → points."""

    receipt_sha256: str
    choices: dict[int, int] | None = None


@dataclass
class Bulletin:
    """All ballots of a budget, sorted by receipt hash, so anyone can recount."""

    budget: Budget
    choices_public: bool
    entries: list[BulletinEntry] = field(default_factory=list)

    def as_json(self) -> dict:
        """The open-data form: choices keyed by project id as a string."""
        return {"budget_id": self.budget.id, "choices_public": self.choices_public, "ballots": [
            {"receipt_sha256": e.receipt_sha256,
             "choices": ({str(p): n for p, n in e.choices.items()} if e.choices is not None else None)}
            for e in self.entries]}


def public_budget(session: Session, budget_id: int) -> Budget:
    """A budget the public may see (not a draft), or NotFound."""
    budget = session.get(Budget, budget_id) if 0 < budget_id < 2**31 else None
    if budget is None or budget.phase == "draft":
        raise NotFound("There is no such budget.")
    return budget


def bulletin(session: Session, budget_id: int, now: datetime | None = None) -> Bulletin:
    """The bulletin of `budget_id`; choices only while tallies are public."""
    budget = public_budget(session, budget_id)
    board = Bulletin(budget, tallies_public(budget, now))
    if not board.choices_public:
        hashes = session.scalars(select(Ballot.receipt_hash).where(Ballot.budget_id == budget.id)
                                 .order_by(Ballot.receipt_hash))
        board.entries = [BulletinEntry(h) for h in hashes]
        return board
    rows = session.execute(
        select(Ballot.receipt_hash, BallotItem.project_id, BallotItem.points)
        .join(BallotItem, BallotItem.ballot_id == Ballot.id)
        .where(Ballot.budget_id == budget.id).order_by(Ballot.receipt_hash, BallotItem.project_id))
    for digest, project_id, points in rows:
        if not board.entries or board.entries[-1].receipt_sha256 != digest:
            board.entries.append(BulletinEntry(digest, {}))
        board.entries[-1].choices[project_id] = points
    return board


def find_receipt(session: Session, budget_id: int, code: str, now: datetime | None = None) -> BulletinEntry | None:
    """The bulletin entry of a receipt code (choices only when public), or None if not counted."""
    budget = public_budget(session, budget_id)
    digest = receipt_hash(code)
    ballot_id = session.scalar(select(Ballot.id).where(Ballot.budget_id == budget.id,
                                                      Ballot.receipt_hash == digest))
    if ballot_id is None:
        return None
    if not tallies_public(budget, now):
        return BulletinEntry(digest)
    items = session.execute(select(BallotItem.project_id, BallotItem.points)
                            .where(BallotItem.ballot_id == ballot_id).order_by(BallotItem.project_id))
    return BulletinEntry(digest, {p: n for p, n in items})
