"""The platform's ballots as `voting.Election`s, one per envelope: what rules count and files carry."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget, Envelope, Project
from voting.election import Ballot as VBallot
from voting.election import Election
from voting.election import Project as VProject

# Knapsack ballots are approval ballots with a spending cap, as Pabulib records them.
VOTE_TYPES = {"approval": "approval", "knapsack": "approval", "cumulative": "cumulative"}
# Our rule names as Pabulib's META `rule` field spells them.
PABULIB_RULES = {"greedy": "greedy", "mes": "equalshares", "mes_add1": "equalshares/add1",
                 "mes_add1_greedy": "equalshares/add1/greedy"}


@dataclass
class EnvelopeElection:
    """One envelope of a budget and the election its ballots form."""

    envelope: Envelope
    election: Election


def ballot_projects(session: Session, budget: Budget) -> list[Project]:
    """Projects on the ballot (accepted), plus any that received points, by id."""
    voted = select(BallotItem.project_id).join(Ballot, Ballot.id == BallotItem.ballot_id).where(
        Ballot.budget_id == budget.id)
    return list(session.scalars(
        select(Project).where(Project.budget_id == budget.id,
                              (Project.status == "accepted") | Project.id.in_(voted))
        .order_by(Project.id)))


def _choices(session: Session, budget_id: int) -> dict[tuple[str, int], dict[str, int]]:
    """(ballot id, envelope id) → {project id: points}, streamed in one query.

    One ballot may cover several envelopes (the city-wide one and the voter's district), so its
    items are split by each project's envelope: every envelope counts only its own projects.
    """
    rows = session.execute(
        select(Ballot.id, Project.envelope_id, BallotItem.project_id, BallotItem.points)
        .join(BallotItem, BallotItem.ballot_id == Ballot.id)
        .join(Project, Project.id == BallotItem.project_id)
        .where(Ballot.budget_id == budget_id)).yield_per(20_000)
    out: dict[tuple[str, int], dict[str, int]] = {}
    for ballot_id, envelope_id, project_id, points in rows:
        out.setdefault((ballot_id, envelope_id), {})[str(project_id)] = points
    return out


def budget_elections(session: Session, budget: Budget) -> list[EnvelopeElection]:
    """Every envelope's election, ballots anonymous and in a content order.

    Ballots are sorted by what they chose (never by id or insertion), so the voter numbers in
    an export say nothing about who voted when, and the same ballots always give the same file.
    """
    vote_type = VOTE_TYPES[budget.method]
    projects = ballot_projects(session, budget)
    ballots = _choices(session, budget.id)
    result = []
    for envelope in sorted(budget.envelopes, key=lambda e: e.id):
        mine = [p for p in projects if p.envelope_id == envelope.id]
        choices = sorted((sorted(c.items(), key=lambda kv: (int(kv[0]), kv[1]))
                          for (_ballot, env), c in ballots.items() if env == envelope.id),
                         key=lambda items: [(int(k), v) for k, v in items])
        if vote_type == "approval":
            vballots = [VBallot([k for k, _ in items]) for items in choices]
        else:
            vballots = [VBallot(dict(items)) for items in choices]
        election = Election(
            budget=envelope.amount, vote_type=vote_type, ballots=vballots,
            projects=[VProject(str(p.id), p.ballot_cost, p.title_en or p.title_ru or p.title_ky)
                      for p in mine],
            meta=_meta(budget, envelope, len(mine), len(vballots)))
        result.append(EnvelopeElection(envelope, election))
    return result


def _meta(budget: Budget, envelope: Envelope, num_projects: int, num_votes: int) -> dict[str, str]:
    """The META section of the envelope's `.pb` file."""
    meta = {
        "description": f"Ashar participatory budget {budget.slug} ({budget.year})",
        "country": "Kyrgyzstan",
        "unit": "Osh",
        "instance": budget.slug,
        "subunit": envelope.district.code if envelope.district is not None else "city-wide",
        "num_projects": str(num_projects),
        "num_votes": str(num_votes),
        "budget": str(envelope.amount),
        "vote_type": VOTE_TYPES[budget.method],
        "rule": PABULIB_RULES[budget.rule],
        "currency": budget.currency,
    }
    if budget.voting_start:
        meta["date_begin"] = budget.voting_start.strftime("%d.%m.%Y")
    if budget.voting_end:
        meta["date_end"] = budget.voting_end.strftime("%d.%m.%Y")
    if budget.method == "approval" and budget.max_choices:
        meta["max_length"] = str(budget.max_choices)
        meta["min_length"] = str(budget.min_choices)
    if budget.method == "cumulative" and budget.max_points:
        meta["max_sum_points"] = str(budget.max_points)
    if budget.method == "knapsack":
        meta["max_sum_cost"] = str(envelope.amount)
    return meta
