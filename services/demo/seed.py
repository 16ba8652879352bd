"""Load Osh's demo in one transaction; a second run finds every piece by its stable key and adds nothing.

Keys: district codes, the action plan's English title, account e-mails, census HMACs,
simulated residents' e-mails and budget slugs. A budget that exists is left whole as it is.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ActionPlan, Budget, Commitment, District, Milestone, utcnow
from services import audit

from . import accounts, cycles
from .content import districts, fields, plan
from .context import Demo, texts

CYCLES = (("osh-2025", cycles.seed_past_cycle), ("osh-2026", cycles.seed_voting_cycle),
          ("osh-2027", cycles.seed_proposals_cycle))


def seed_demo(session: Session, census_key: str | None = None, ballot_key: str | None = None,
              now: datetime | None = None) -> list[dict[str, str]]:
    """Seed what is missing (the caller commits) and return the demo accounts to print.

    Keys default to the current app's CENSUS_KEY and BALLOT_KEY.
    """
    if census_key is None or ballot_key is None:
        from flask import current_app

        census_key = census_key or current_app.config["CENSUS_KEY"]
        ballot_key = ballot_key or current_app.config["BALLOT_KEY"]
    demo = Demo(session=session, now=now or utcnow(), ballot_key=ballot_key)
    seed_districts(demo)
    seed_action_plan(demo)
    accounts.seed_accounts(demo, census_key)
    existing = set(session.scalars(select(Budget.slug).where(Budget.slug.in_([s for s, _f in CYCLES]))))
    created = []
    for slug, build in CYCLES:
        if slug not in existing:
            if not demo.voters:
                accounts.seed_voters(demo)
            build(demo)
            created.append(slug)
    if created:
        audit.record(session, "demo.seeded", demo.users["admin"].id, "demo", budgets=created)
    session.flush()
    return accounts.account_list(demo)


def seed_districts(demo: Demo) -> None:
    """Osh's nine territorial administrations, by code."""
    found = {d.code: d for d in demo.session.scalars(select(District))}
    for code, names, population, _centre in districts.DISTRICTS:
        if code not in found:
            found[code] = District(code=code, population=population, **fields("name", names))
            demo.session.add(found[code])
    demo.session.flush()
    demo.districts = found


def seed_action_plan(demo: Demo) -> None:
    """The Joint Action Plan with its commitments and milestones, found by its English title."""
    session = demo.session
    title_en = plan.PLAN["title"][2]
    action_plan = session.scalar(select(ActionPlan).where(ActionPlan.title_en == title_en))
    if action_plan is None:
        action_plan = ActionPlan(starts_on=plan.PLAN["starts_on"], ends_on=plan.PLAN["ends_on"],
                                 **texts(plan.PLAN, "title", "summary"))
        session.add(action_plan)
        session.flush()
        for item in plan.COMMITMENTS:
            commitment = Commitment(
                action_plan_id=action_plan.id, number=item["number"], status=item["status"],
                partners=item["partners"], **texts(item, "title", "problem", "description"),
                **fields("lead_department", item["lead"]))
            session.add(commitment)
            session.flush()
            session.add_all(Milestone(commitment_id=commitment.id, due_on=due, status=status,
                                      **fields("title", titles))
                            for due, status, titles in item["milestones"])
        session.flush()
    by_number = {c.number: c for c in session.scalars(
        select(Commitment).where(Commitment.action_plan_id == action_plan.id))}
    demo.commitments = {item["key"]: by_number[item["number"]] for item in plan.COMMITMENTS
                        if item["number"] in by_number}
