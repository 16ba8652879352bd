"""Live tallies and turnout: one aggregate query each, shared by every viewer through LiveCache."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, literal, null, select, text, union_all
from sqlalchemy.orm import Session

from models import Ballot, BallotItem, Budget, District, Project, VoterRoll
from voting.election import Ballot as VBallot
from voting.election import Election
from voting.election import Project as VProject
from voting.rules import compute

from .elections import VOTE_TYPES, ballot_projects, budget_elections
from .errors import NotFound

TALLY_TTL = 1.0        # seconds: a committed ballot is on every screen within about this
MES_TTL = 15.0         # MES needs every ballot, not sums: recounted at most this often
PROJECTION_RULES = ("greedy", "mes")


def _tally_query(budget_id: int):
    """Points and voters per project, plus the ballot count (project id NULL), in one statement."""
    per_project = (select(BallotItem.project_id, func.sum(BallotItem.points), func.count())
                   .join(Ballot, Ballot.id == BallotItem.ballot_id)
                   .where(Ballot.budget_id == budget_id).group_by(BallotItem.project_id))
    ballots = select(null(), literal(0), func.count()).select_from(Ballot).where(
        Ballot.budget_id == budget_id)
    return union_all(per_project, ballots)


def compute_tally(session: Session, budget: Budget) -> dict:
    """Fresh from the database: ballots, and per project points, voters, cost and envelope."""
    points, voters, ballots = {}, {}, 0
    for project_id, total, count in session.execute(_tally_query(budget.id)):
        if project_id is None:
            ballots = int(count)
        else:
            points[project_id], voters[project_id] = int(total), int(count)
    projects = session.execute(
        select(Project.id, Project.envelope_id, Project.cost, Project.official_cost)
        .where(Project.budget_id == budget.id,
               (Project.status == "accepted") | Project.id.in_(list(points) or [-1]))
        .order_by(Project.id)).all()
    rows = [{"id": str(pid), "envelope_id": env, "cost": official or cost,
             "points": points.get(pid, 0), "voters": voters.get(pid, 0)}
            for pid, env, cost, official in projects]
    envelopes = {str(e.id): e.amount for e in budget.envelopes}
    tally = {"budget_id": budget.id, "ballots": ballots, "projects": rows, "envelopes": envelopes}
    tally["greedy"] = greedy_projection(tally)
    tally["version"] = hashlib.sha256(json.dumps(
        [ballots, rows], sort_keys=True).encode()).hexdigest()[:16]
    return tally


def greedy_projection(tally: dict) -> list[str]:
    """Greedy by points within each envelope: needs only the sums, so it runs on every tally."""
    selected: list[str] = []
    for envelope_id, amount in tally["envelopes"].items():
        rows = [r for r in tally["projects"] if str(r["envelope_id"]) == envelope_id]
        election = Election(budget=amount, vote_type="cumulative",
                            projects=[VProject(r["id"], r["cost"]) for r in rows],
                            ballots=[VBallot({r["id"]: r["points"]}) for r in rows if r["points"]])
        selected += compute(election, "greedy").selected
    return selected


def _profiles(session: Session, budget: Budget) -> dict[int, dict[tuple, int]] | None:
    """envelope → {(project ids, points): how many ballots}, grouped by PostgreSQL (None elsewhere).

    A projection needs only how many ballots chose each combination, so the database sends
    a few hundred rows instead of every ballot. Integer arrays group faster than text keys
    (about 40% less database time on 100k ballots).
    """
    if session.get_bind().dialect.name != "postgresql":
        return None
    rows = session.execute(text("""
        SELECT envelope_id, projects, points, COUNT(*) FROM (
            SELECT b.envelope_id, array_agg(bi.project_id ORDER BY bi.project_id) AS projects,
                   array_agg(bi.points ORDER BY bi.project_id) AS points
            FROM ballots b JOIN ballot_items bi ON bi.ballot_id = b.id
            WHERE b.budget_id = :budget GROUP BY b.id, b.envelope_id) AS per_ballot
        GROUP BY envelope_id, projects, points"""), {"budget": budget.id})
    out: dict[int, dict[tuple, int]] = {}
    for envelope_id, projects, points, count in rows:
        out.setdefault(envelope_id, {})[(tuple(projects), tuple(points))] = int(count)
    return out


def mes_projection(session: Session, budget: Budget) -> list[str]:
    """MES on every ballot so far, envelope by envelope (projects funded if voting ended now)."""
    profiles = _profiles(session, budget)
    selected: list[str] = []
    if profiles is None:
        for part in budget_elections(session, budget):
            selected += compute(part.election, "mes").selected
        return selected
    vote_type = VOTE_TYPES[budget.method]
    projects = ballot_projects(session, budget)
    for envelope in budget.envelopes:
        ballots = []
        for (project_ids, points), weight in profiles.get(envelope.id, {}).items():
            chosen = {str(pid): n for pid, n in zip(project_ids, points)}
            ballots.append(VBallot(chosen if vote_type == "cumulative" else list(chosen), weight=weight))
        election = Election(budget=envelope.amount, vote_type=vote_type, ballots=ballots,
                            projects=[VProject(str(p.id), p.ballot_cost) for p in projects
                                      if p.envelope_id == envelope.id])
        selected += compute(election, "mes").selected
    return selected


@dataclass(frozen=True)
class BudgetStatus:
    """The few columns a live refresh reads, safe to share between requests and threads.

    `may_see_tally` and `effective_phase` read it as they read a Budget.
    """

    id: int
    phase: str
    visibility: str
    voting_end: datetime | None
    rule: str


def budget_status(session: Session, statuses, budget_id: int) -> BudgetStatus:
    """A budget's status, shared by a worker's refreshes for at most TALLY_TTL (NotFound as
    `get_budget`): 500 refreshes a second then cost one row read a second, not 500, and a
    phase or visibility change still reaches every screen within the tally's own delay."""
    def load() -> BudgetStatus:
        b = get_budget(session, budget_id)
        return BudgetStatus(b.id, b.phase, b.visibility, b.voting_end, b.rule)

    return statuses.get("budget", budget_id, load, TALLY_TTL)[0]


def _loaded(session: Session, budget) -> Budget:
    """The ORM row for a Budget or a BudgetStatus (recomputes need its envelopes)."""
    return budget if isinstance(budget, Budget) else session.get(Budget, budget.id)


def live_tally(session: Session, cache, budget) -> dict:
    """The shared tally with both projections; callers check `may_see_tally` first."""
    tally, _at = cache.get("tally", budget.id, lambda: compute_tally(session, _loaded(session, budget)),
                           TALLY_TTL)
    mes, _at = cache.get("mes", budget.id, lambda: mes_projection(session, _loaded(session, budget)),
                         MES_TTL)
    return {**tally, "mes": mes}


def _hour(session: Session, column):
    """Truncate a timestamp to its hour, in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("hour", column), 'YYYY-MM-DD"T"HH24:00')
    return func.strftime("%Y-%m-%dT%H:00", column)


def compute_turnout(session: Session, budget: Budget) -> dict:
    """Who voted, never what: by district (share of its census), by channel and by hour."""
    hour = _hour(session, VoterRoll.voted_at).label("hour")
    rows = session.execute(
        select(VoterRoll.district_id, VoterRoll.channel, hour, func.count())
        .where(VoterRoll.budget_id == budget.id)
        .group_by(VoterRoll.district_id, VoterRoll.channel, hour)).all()
    districts = {d.id: d for d in session.scalars(select(District).order_by(District.code))}
    by_district = {d.code: {"ballots": 0, "population": d.population, "share": 0.0}
                   for d in districts.values()}
    by_channel = {"online": 0, "paper": 0}
    by_hour: dict[str, int] = {}
    for district_id, channel, at, count in rows:
        code = districts[district_id].code if district_id in districts else "unknown"
        entry = by_district.setdefault(code, {"ballots": 0, "population": 0, "share": 0.0})
        entry["ballots"] += count
        by_channel[channel] = by_channel.get(channel, 0) + count
        by_hour[at] = by_hour.get(at, 0) + count
    for entry in by_district.values():
        entry["share"] = round(entry["ballots"] / entry["population"], 6) if entry["population"] else 0.0
    return {"budget_id": budget.id, "ballots": sum(by_channel.values()), "by_district": by_district,
            "by_channel": by_channel, "by_hour": dict(sorted(by_hour.items())),
            "as_of": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def live_turnout(session: Session, cache, budget) -> dict:
    """The shared turnout (always public)."""
    return cache.get("turnout", budget.id, lambda: compute_turnout(session, budget), TALLY_TTL)[0]


def get_budget(session: Session, budget_id: int, drafts: bool = False) -> Budget:
    """A budget by id (drafts only if `drafts`), or NotFound."""
    budget = session.get(Budget, budget_id) if 0 < budget_id < 2**31 else None
    if budget is None or (budget.phase == "draft" and not drafts):
        raise NotFound("No budget with this number.")
    return budget


def live_budgets(session: Session) -> list[Budget]:
    """Budgets a live page can show: voting first, then the most recent closed ones."""
    order = {"voting": 0, "closed": 1, "published": 2, "implementation": 3}
    budgets = session.scalars(select(Budget).where(Budget.phase.in_(order))).all()
    return sorted(budgets, key=lambda b: (order[b.phase], -b.year, -b.id))


def compute_labels(session: Session, budget: Budget) -> dict:
    """Project titles and district names in every language, for charts."""
    projects = session.execute(select(Project.id, Project.title_ky, Project.title_ru, Project.title_en)
                               .where(Project.budget_id == budget.id)).all()
    districts = session.execute(select(District.code, District.name_ky, District.name_ru,
                                       District.name_en)).all()
    return {"projects": {str(i): {"ky": ky, "ru": ru, "en": en} for i, ky, ru, en in projects},
            "districts": {c: {"ky": ky, "ru": ru, "en": en} for c, ky, ru, en in districts}}


def live_labels(session: Session, cache, budget) -> dict:
    """Titles change rarely; shared for a minute."""
    return cache.get("labels", budget.id, lambda: compute_labels(session, budget), 60.0)[0]
