"""Simulated ballots: who voted goes on the roll, what they chose goes under a pseudonym, apart.

The roll is written in the order people voted; the ballots in a separate random order, with
random ids and no time, so the two tables can only be joined with the ballot key.
"""
from __future__ import annotations

import hashlib
import random
import secrets
from datetime import datetime, timedelta


from models import Ballot, BallotItem, Budget, Envelope, Project, ResultSnapshot, VoterRoll
from services import audit
from services.keys import ballot_pseudonym, new_receipt_code, receipt_hash
from voting import Ballot as VBallot
from voting import Election
from voting import Project as VProject
from voting import write_pabulib
from voting.rules import compute

from .content import people
from .context import Demo, Voter, bulk_insert

# How much more a resident approves of a project in their own district, or a city-wide one.
OWN_DISTRICT, CITY_WIDE, OTHER_DISTRICT = 3.0, 1.0, 0.6


def _by_preference(rng: random.Random, weights: dict[int, float]) -> list[int]:
    """Project ids in one voter's order of preference: a weighted shuffle (Efraimidis–Spirakis)."""
    return sorted(weights, key=lambda pid: rng.random() ** (1.0 / weights[pid]), reverse=True)


def _cast(demo: Demo, budget: Budget, votes: list[tuple[Voter, int, list[int]]],
          start: datetime, end: datetime, rng: random.Random) -> list[list[int]]:
    """Write the roll and the ballots for `(voter, envelope id, project ids)`; return the choices
    in ballot order (the order the ballots were inserted, unrelated to the roll's)."""
    moderator = demo.users["moderator"].id
    span = (end - start).total_seconds()
    roll, ballots, items = [], [], []
    for voter, envelope_id, choices in votes:
        voted = start + timedelta(seconds=rng.uniform(0, span))
        paper = rng.random() < people.PAPER_SHARE
        revised = not paper and rng.random() < people.REVISED_SHARE
        updated = min(voted + timedelta(hours=rng.uniform(1, 72)), end) if revised else voted
        roll.append({"budget_id": budget.id, "user_id": voter.id, "district_id": voter.district_id,
                     "channel": "paper" if paper else "online",
                     "entered_by_id": moderator if paper else None, "voted_at": voted, "updated_at": updated})
        ballots.append(({"budget_id": budget.id, "envelope_id": envelope_id,
                         "pseudonym": ballot_pseudonym(demo.ballot_key, budget.id, voter.id),
                         "receipt_hash": receipt_hash(new_receipt_code()),
                         "revision": 2 if revised else 1}, choices))
    roll.sort(key=lambda row: row["voted_at"])
    rng.shuffle(ballots)
    for row, choices in ballots:
        row["id"] = secrets.token_hex(16)  # random, as the model makes them
        items += [{"ballot_id": row["id"], "project_id": pid, "points": 1} for pid in choices]
    bulk_insert(demo.session, VoterRoll, roll)
    bulk_insert(demo.session, Ballot, [row for row, _choices in ballots])
    bulk_insert(demo.session, BallotItem, items)
    budget.frozen_at = roll[0]["voted_at"]  # method and rule freeze at the first ballot
    return [choices for _row, choices in ballots]


def _weights(projects: dict[str, Project], items: dict[str, dict], district_id: int) -> dict[int, float]:
    """How much one resident of `district_id` leans towards each project."""
    weights = {}
    for key, project in projects.items():
        local = (CITY_WIDE if project.district_id is None
                 else OWN_DISTRICT if project.district_id == district_id else OTHER_DISTRICT)
        weights[project.id] = items[key]["popularity"] * local
    return weights


def vote_past_cycle(demo: Demo, budget: Budget, envelope: Envelope, projects: dict[str, Project],
                    items: dict[str, dict], rng: random.Random) -> ResultSnapshot:
    """2025: ~2,000 approval ballots (up to `max_choices`), tallied and published with the rule."""
    votes = []
    for voter in rng.sample(demo.voters, people.VOTERS_2025):
        order = _by_preference(rng, _weights(projects, items, voter.district_id))
        k = rng.choices(range(1, budget.max_choices + 1), weights=(12, 20, 26, 22, 20))[0]
        votes.append((voter, envelope.id, sorted(order[:k])))
    chosen = _cast(demo, budget, votes, budget.voting_start, budget.voting_end, rng)
    return _publish(demo, budget, envelope, list(projects.values()), chosen)


def _publish(demo: Demo, budget: Budget, envelope: Envelope, projects: list[Project],
             chosen: list[list[int]]) -> ResultSnapshot:
    """Compute the outcome with the budget's rule and publish it as a snapshot."""
    election = Election(
        budget=envelope.amount, vote_type="approval",
        projects=[VProject(str(p.id), p.ballot_cost, name=p.title_en, extra={"category": p.category})
                  for p in sorted(projects, key=lambda p: p.id)],
        ballots=[VBallot([str(pid) for pid in c], voter_id=str(n)) for n, c in enumerate(chosen, start=1)],
        meta={"description": budget.name_en, "country": "Kyrgyzstan", "unit": "Osh",
              "instance": str(budget.year), "currency": "KGS", "rule": budget.rule,
              "max_length": str(budget.max_choices or len(projects)),
              "date_begin": budget.voting_start.strftime("%d.%m.%Y"),
              "date_end": budget.voting_end.strftime("%d.%m.%Y")})
    outcome = compute(election, budget.rule).to_json()
    tallies = {str(p.id): 0 for p in projects}
    for choices in chosen:
        for pid in choices:
            tallies[str(pid)] += 1
    admin = demo.users["admin"].id
    snapshot = ResultSnapshot(
        budget_id=budget.id, rule=budget.rule, selected=outcome["selected"], tallies=tallies,
        explanations=outcome["explanations"], spent=int(outcome["spent"]), ballots_counted=len(chosen),
        pb_sha256=hashlib.sha256(write_pabulib(election).encode()).hexdigest(),
        published_by_id=admin, published_at=budget.results_on)
    demo.session.add(snapshot)
    demo.session.flush()
    audit.record(demo.session, "results.published", admin, f"budget:{budget.id}",
                 snapshot=snapshot.id, rule=budget.rule, ballots=len(chosen))
    return snapshot


def vote_open_cycle(demo: Demo, budget: Budget, envelopes: dict, projects: dict[str, Project],
                    items: dict[str, dict], rng: random.Random) -> None:
    """2026: a few hundred knapsack ballots so far, each within the city-wide envelope and the
    voter's district envelope; a ballot belongs to its voter's district envelope."""
    by_district = {e.district_id: e for e in envelopes.values()}
    by_id = {p.id: p for p in projects.values()}
    votes = []
    for voter in rng.sample(demo.voters, people.VOTERS_2026):
        weights = _weights(projects, items, voter.district_id)
        choices = []
        for district_id, wanted in ((None, rng.choice((1, 2, 2, 3, 4))),
                                    (voter.district_id, rng.choice((0, 1, 1, 2)))):
            left = by_district[district_id].amount
            mine = {pid: w for pid, w in weights.items() if by_id[pid].district_id == district_id}
            for pid in _by_preference(rng, mine):
                if wanted and by_id[pid].ballot_cost <= left:
                    choices.append(pid)
                    left -= by_id[pid].ballot_cost
                    wanted -= 1
        if choices:
            votes.append((voter, by_district[voter.district_id].id, sorted(choices)))
    _cast(demo, budget, votes, budget.voting_start, demo.now - timedelta(minutes=10), rng)
