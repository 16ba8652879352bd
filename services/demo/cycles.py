"""The three budget cycles: 2025 published and being built, 2026 in voting, 2027 taking proposals."""
from __future__ import annotations

import random
from datetime import datetime, timedelta


from models import Budget, Envelope, ImplementationUpdate, Project, ProjectStatusEvent, Support

from . import ballots
from .content import cycle_2025, cycle_2026, cycle_2026_districts, cycle_2027, fields
from .context import Demo, bulk_insert, texts

BUDGET_COLUMNS = ("slug", "year", "phase", "method", "rule", "visibility", "max_choices", "min_choices",
                  "min_spend_percent", "support_threshold", "proposals_start", "proposals_end",
                  "review_end", "voting_start", "voting_end", "results_on")


def _budget(demo: Demo, spec: dict, city: int, districts: dict[str, int]) -> tuple[Budget, dict]:
    """A budget with its city-wide envelope and district envelopes; `{code or None: Envelope}`."""
    columns = {k: spec[k] for k in BUDGET_COLUMNS if k in spec}
    for name, days in spec.get("days", {}).items():
        columns[name] = demo.now + timedelta(days=days)
    budget = Budget(**columns, **texts(spec, "name", "description"), amount=city + sum(districts.values()),
                    created_at=columns["proposals_start"] - timedelta(days=14))
    demo.session.add(budget)
    demo.session.flush()
    envelopes = {None: Envelope(budget_id=budget.id, amount=city)}
    for code, amount in districts.items():
        envelopes[code] = Envelope(budget_id=budget.id, district_id=demo.district_id(code), amount=amount)
    demo.session.add_all(envelopes.values())
    demo.session.flush()
    return budget, envelopes


def _projects(demo: Demo, budget: Budget, envelopes: dict, items: list[dict], rng: random.Random,
              until: datetime | None = None) -> dict[str, Project]:
    """Projects from content items, dated between the call's opening and `until` (its close)."""
    window = ((until or budget.proposals_end) - budget.proposals_start).total_seconds()
    made = {}
    for index, item in enumerate(items):
        code = item.get("district")
        lat, lon = item.get("at") or demo.place(code, index)
        created = budget.proposals_start + timedelta(seconds=rng.uniform(0, window))
        author = rng.choice([v for v in demo.voters if v.district_id == demo.district_id(code)]
                            or demo.voters).id if code else None
        if item.get("author") == "resident":
            author = demo.users["resident"].id
        made[item["key"]] = Project(
            budget_id=budget.id, envelope_id=envelopes[code if code in envelopes else None].id,
            district_id=demo.district_id(code), commitment_id=demo.commitment_id(item.get("commitment")),
            author_id=author, category=item["category"], cost=item["cost"],
            official_cost=item.get("official_cost"), status=item.get("status", "accepted"),
            address=item.get("address", ""), latitude=lat, longitude=lon, created_at=created,
            updated_at=created, **texts(item, "title", "description"))
    demo.session.add_all(made.values())
    demo.session.flush()
    return made


def _reviewed(demo: Demo, projects: dict[str, Project], items: dict[str, dict]) -> None:
    """The public history of each project: submitted, taken into review, decided."""
    moderator = demo.users["moderator"].id
    events = []

    def event(project: Project, status: str, actor: int | None, when: datetime, reason: str = "") -> None:
        events.append({"project_id": project.id, "status": status, "reason": reason, "actor_id": actor,
                       "created_at": when})

    for key, project in projects.items():
        item = items[key]
        event(project, "proposed", project.author_id, project.created_at)
        # Review takes about nine days, or less for a proposal that arrived lately.
        span = min(demo.now - project.created_at, timedelta(days=15))
        reviewing, decided = project.created_at + span * 0.4, project.created_at + span * 0.6
        if project.status in ("under_review", "accepted", "rejected"):
            event(project, "under_review", moderator, reviewing)
        if project.status in ("accepted", "rejected"):
            event(project, project.status, moderator, decided, item.get("reason", "") or item.get("note", ""))
            project.feasible = project.status == "accepted"
            project.feasibility_note = item.get("note", "")
            project.public_reason = item.get("reason", "")
    bulk_insert(demo.session, ProjectStatusEvent, events)


def _supports(demo: Demo, projects: dict[str, Project], counts: dict[str, int], rng: random.Random,
              until: datetime) -> None:
    """`counts[key]` simulated residents support each project before `until`, neighbours first."""
    rows = []
    for key, project in projects.items():
        local = [v.id for v in demo.voters if v.district_id == project.district_id]
        others = [v.id for v in demo.voters if v.district_id != project.district_id]
        rng.shuffle(local)
        rng.shuffle(others)
        pool = (local + others) if project.district_id else (others + local)
        when = project.created_at
        for user_id in pool[:counts[key]]:
            when = min(when + timedelta(minutes=rng.randint(5, 600)), until)
            rows.append({"project_id": project.id, "user_id": user_id, "created_at": when})
    bulk_insert(demo.session, Support, rows)


def seed_past_cycle(demo: Demo) -> Budget:
    """2025: approval voting, ~2,000 ballots, a published result, funded projects being built."""
    rng = random.Random("osh-2025")
    spec = cycle_2025.BUDGET
    budget, envelopes = _budget(demo, spec, spec["amount"], {})
    items = {p["key"]: p for p in cycle_2025.PROJECTS}
    projects = _projects(demo, budget, envelopes, cycle_2025.PROJECTS, rng)
    _reviewed(demo, projects, items)
    _supports(demo, projects, {k: rng.randint(25, 140) for k in projects}, rng, budget.proposals_end)
    snapshot = ballots.vote_past_cycle(demo, budget, envelopes[None], projects, items, rng)
    funded = set(snapshot.selected)
    events = []
    for key, project in projects.items():
        won = str(project.id) in funded
        events.append({"project_id": project.id, "status": "funded" if won else "not_funded", "reason": "",
                       "actor_id": snapshot.published_by_id, "created_at": snapshot.published_at})
        if won:
            _implementation(demo, project, items[key]["updates"] or cycle_2025.DEFAULT_UPDATES)
    bulk_insert(demo.session, ProjectStatusEvent, events)
    return budget


def _implementation(demo: Demo, project: Project, updates: list) -> None:
    """Dated progress reports up to now; the project shows the latest one."""
    moderator = demo.users["moderator"].id
    shown = [u for u in updates if u[0] <= demo.now] or updates[:1]
    for when, status, progress, notes in shown:
        demo.session.add(ImplementationUpdate(
            project_id=project.id, status=status, progress=progress, author_id=moderator,
            created_at=min(when, demo.now), **fields("note", notes)))
    _when, project.implementation_status, project.progress, _notes = shown[-1]


def seed_voting_cycle(demo: Demo) -> Budget:
    """2026: knapsack with district envelopes, voting open, a few hundred ballots in."""
    rng = random.Random("osh-2026")
    budget, envelopes = _budget(demo, cycle_2026.BUDGET, cycle_2026.CITY_ENVELOPE,
                                cycle_2026.DISTRICT_ENVELOPES)
    content = cycle_2026.CITY_PROJECTS + cycle_2026_districts.DISTRICT_PROJECTS
    items = {p["key"]: p for p in content}
    projects = _projects(demo, budget, envelopes, content, rng)
    _reviewed(demo, projects, items)
    _supports(demo, projects, {k: rng.randint(budget.support_threshold, 110) for k in projects}, rng,
              budget.proposals_end)
    ballots.vote_open_cycle(demo, budget, envelopes, projects, items, rng)
    return budget


def seed_proposals_cycle(demo: Demo) -> Budget:
    """2027: proposals at every stage, with supports and public reasons for rejections."""
    rng = random.Random("osh-2027")
    budget, envelopes = _budget(demo, cycle_2027.BUDGET, cycle_2027.CITY_ENVELOPE,
                                cycle_2027.DISTRICT_ENVELOPES)
    items = {p["key"]: p for p in cycle_2027.PROPOSALS}
    # The call is still open: proposals arrived between its opening and now.
    projects = _projects(demo, budget, envelopes, cycle_2027.PROPOSALS, rng, until=demo.now)
    _reviewed(demo, projects, items)
    _supports(demo, projects, {k: items[k]["supports"] for k in projects}, rng, demo.now)
    resident = demo.users["resident"].id
    mine = [p for k, p in projects.items() if k in ("park-market-lot", "audio-crossings")]
    bulk_insert(demo.session, Support, [
        {"project_id": p.id, "user_id": resident, "created_at": demo.now - timedelta(days=2)} for p in mine])
    return budget
