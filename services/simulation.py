"""Demo and load data: many verified voters casting valid random ballots through `cast_ballot`."""
from __future__ import annotations

import random
import secrets

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Budget, District, User, utcnow

from .ballots import BallotForm, ballot_form, cast_ballot, voting_is_open
from .errors import Forbidden, NotFound
from .passwords import hash_password


def random_choices(form: BallotForm, rng: random.Random) -> dict[int, int]:
    """A valid ballot for `form`: greedy fill for knapsack (so any minimum spend holds), a sample otherwise."""
    b, projects = form.budget, list(form.projects)
    rng.shuffle(projects)
    if b.method == "knapsack":
        left = {e.id: e.amount for e in form.envelopes}
        chosen = {}
        for p in projects:
            if p.ballot_cost <= left[p.envelope_id]:
                left[p.envelope_id] -= p.ballot_cost
                chosen[p.id] = 1
        return chosen
    most = min(b.max_choices or len(projects), len(projects))
    least = min(max(1, b.min_choices or 0), most)
    picked = projects[:rng.randint(least, most)]
    if b.method == "approval":
        return {p.id: 1 for p in picked}
    points = b.max_points or 10
    spread = {p.id: 1 for p in picked[:points]}
    for _ in range(points - len(spread)):
        pid = rng.choice(list(spread))
        spread[pid] += 1
    return spread


def create_voters(session: Session, budget: Budget, count: int, rng: random.Random) -> list[int]:
    """`count` verified residents spread over the budget's districts; one password hash for all."""
    envelope_districts = [e.district_id for e in budget.envelopes if e.district_id is not None]
    districts = envelope_districts or list(session.scalars(select(District.id)))
    if not districts:
        raise NotFound("There are no districts to place voters in.")
    password = hash_password(secrets.token_urlsafe(16))  # argon2 once, not per voter
    tag, now = secrets.token_hex(4), utcnow()
    rows = [{"email": f"sim-{tag}-{i}@sim.ashar.invalid", "password_hash": password,
             "display_name": f"Simulated voter {i}", "role": "resident", "locale": "ky",
             "district_id": rng.choice(districts), "verified_at": now, "is_active": True}
            for i in range(count)]
    session.execute(insert(User), rows)
    session.commit()
    return list(session.scalars(select(User.id).where(User.email.like(f"sim-{tag}-%")).order_by(User.id)))


def simulate_votes(session: Session, budget_id: int, count: int, *, ballot_key: str, seed: int | None = None) -> int:
    """Create `count` voters and cast one valid random ballot each; return how many were cast."""
    rng = random.Random(seed)
    budget = session.get(Budget, budget_id)
    if budget is None:
        raise NotFound("There is no such budget.")
    if not voting_is_open(budget):
        raise Forbidden("Voting in this budget is not open.")  # before creating anyone
    cast = 0
    for user_id in create_voters(session, budget, count, rng):
        voter = session.get(User, user_id)
        form = ballot_form(session, voter, budget_id)
        cast_ballot(session, voter, budget_id, random_choices(form, rng), ballot_key=ballot_key)
        cast += 1
    return cast
