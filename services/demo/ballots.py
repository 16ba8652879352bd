"""Simulated ballots: who voted goes on the roll, what they chose goes under a pseudonym, apart.

The roll is written in the order people voted; the ballots in a separate random order, with
random ids and no time, so the two tables can only be joined with the ballot key.
"""
from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta


from models import Ballot, BallotItem, Budget, Envelope, Project, ResultSnapshot, VoterRoll
from services import audit
from services.keys import ballot_pseudonym, new_receipt_code, receipt_hash

from .content import people
from .context import Demo, Voter, bulk_insert

# How much more a resident approves of a project in their own district, or a city-wide one.
OWN_DISTRICT, CITY_WIDE, OTHER_DISTRICT = 3.0, 1.0, 0.6


def _by_preference(rng: random.Random, weights: dict[int, float]) -> list[int]:
    """Project ids in one voter's order of preference: a weighted shuffle (Efraimidis–Spirakis)."""
    return sorted(weights, key=lambda pid: rng.random() ** (1.0 / weights[pid]), reverse=True)


def _cast(demo: Demo, budget: Budget, votes: list[tuple[Voter, int, list[int]]],
          start: datetime, end: datetime, rng: random.Random) -> None:
    """Write the roll (in time order) and the ballots (shuffled) for `(voter, envelope id, project ids)`."""
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
    _cast(demo, budget, votes, budget.voting_start, budget.voting_end, rng)
    return _publish(demo, budget)


def _publish(demo: Demo, budget: Budget) -> ResultSnapshot:
    """Count with the results service, exactly as an admin's Publish would, dated results day.

    (`results.publish` itself is for a live admin: it wants a fresh login and commits.)
    """
    from services.results import compute_result

    demo.session.expire(budget, ["envelopes"])  # loaded before its envelopes were added
    result = compute_result(demo.session, budget)
    admin = demo.users["admin"].id
    snapshot = ResultSnapshot(
        budget_id=budget.id, rule=result["rule"], selected=result["selected"], tallies=result["tallies"],
        explanations=result["explanations"], spent=result["spent"],
        ballots_counted=result["ballots_counted"], pb_sha256=result["pb_sha256"],
        published_by_id=admin, published_at=budget.results_on)
    demo.session.add(snapshot)
    demo.session.flush()
    audit.record(demo.session, "results.publish", admin, f"budget:{budget.id}", snapshot_id=snapshot.id,
                 rule=snapshot.rule, selected=snapshot.selected, pb_sha256=snapshot.pb_sha256,
                 supersedes_id=None, reason="")
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
