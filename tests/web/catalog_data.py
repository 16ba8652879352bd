"""Realistic public data shared by the page and API tests: two districts, two cycles, a plan."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models import (ActionPlan, Commitment, ImplementationUpdate, Milestone, ProjectStatusEvent,
                    VoterRoll, utcnow)
from tests import factories


@dataclass
class Catalog:
    """Ids of the rows the tests look at."""

    voting: int
    draft: int
    park: int
    lighting: int
    hidden: int
    withdrawn: int
    russian_only: int
    draft_project: int
    commitment: int
    author_email: str


def build(session) -> Catalog:
    """Commit a catalog: a voting cycle with 5 projects (one hidden, one withdrawn), a draft, a plan."""
    north, south = factories.district(session, "osh-north"), factories.district(session, "osh-south")
    north.name_ru, north.name_en = "Северный", "North"
    author = factories.user(session, district_id=north.id, email="author@example.kg")
    voting = factories.budget(session, phase="voting", amount=25_000_000, slug="osh-2026")
    voting.name_ky, voting.name_ru, voting.name_en = "Ош 2026", "Ош 2026 (рус)", "Osh 2026"
    city = factories.envelope(session, voting, amount=15_000_000)
    factories.envelope(session, voting, amount=10_000_000, district_id=north.id)
    draft = factories.budget(session, phase="draft", slug="secret-draft")
    draft_env = factories.envelope(session, draft)

    plan = ActionPlan(title_ky="Ачык Ош", title_ru="Открытый Ош", title_en="Open Osh action plan",
                      summary_en="What the city and civil society agreed.",
                      starts_on=date(2025, 9, 1), ends_on=date(2027, 8, 31))
    session.add(plan)
    session.flush()
    commitment = Commitment(action_plan_id=plan.id, number=1, title_ky="Жашыл шаар",
                            title_ru="Зелёный город", title_en="Green city",
                            problem_en="Too few shaded public spaces.", description_en="Plant and build parks.",
                            lead_department_en="Department of Urban Greening",
                            partners="Osh Green Initiative", status="in_progress")
    session.add(commitment)
    session.flush()
    session.add(Milestone(commitment_id=commitment.id, title_ky="Карта", title_ru="Карта",
                          title_en="Map of shaded spaces", due_on=date(2026, 3, 1), status="done"))

    park = factories.project(
        session, voting, city, cost=3_500_000, official_cost=4_200_000, district_id=north.id,
        title_ky="Дарыя боюндагы парк", title_ru="Новый парк у реки Ак-Буура", title_en="Ak-Buura river park",
        description_en="Benches, trees and a playground.", category="parks", address="Kurmanjan Datka 12",
        commitment_id=commitment.id, author_id=author.id, implementation_status="in_progress", progress=40)
    lighting = factories.project(
        session, voting, city, cost=1_250_000, district_id=south.id, category="lighting",
        title_ky="Көчө жарыгы", title_ru="Освещение улицы Ленина", title_en="Lenin street lighting")
    hidden = factories.project(session, voting, city, title_en="Spam about a casino",
                               title_ru="Казино спам", hidden_reason="advertising", commitment_id=commitment.id)
    withdrawn = factories.project(session, voting, city, status="withdrawn", title_en="Withdrawn fountain")
    russian_only = factories.project(session, voting, city, title_ky="", title_en="",
                                     title_ru="Спортивная площадка", category="sport", status="proposed")
    draft_project = factories.project(session, draft, draft_env, title_en="Draft cycle idea")
    session.add_all([
        ProjectStatusEvent(project_id=park.id, status="submitted", created_at=utcnow() - timedelta(days=30)),
        ProjectStatusEvent(project_id=park.id, status="accepted",
                           reason="Feasible; the city estimate includes lighting."),
        ImplementationUpdate(project_id=park.id, status="in_progress", progress=40,
                             note_en="Trees planted along the river.", note_ru="Деревья посажены."),
    ])
    for n in range(3):  # three residents voted; turnout is public, who they are is not
        voter = factories.user(session, district_id=north.id, email=f"voter{n}@example.kg")
        session.add(VoterRoll(budget_id=voting.id, user_id=voter.id, channel="online"))
    session.commit()
    return Catalog(voting=voting.id, draft=draft.id, park=park.id, lighting=lighting.id, hidden=hidden.id,
                   withdrawn=withdrawn.id, russian_only=russian_only.id, draft_project=draft_project.id,
                   commitment=commitment.id, author_email=author.email)


def texts(node) -> str:
    """The text a reader sees in a rendered Dash component tree: children and labels only."""
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    if isinstance(node, list):
        return " ".join(texts(n) for n in node)
    if isinstance(node, dict) and isinstance(node.get("props"), dict):
        props = node["props"]
        return " ".join(texts(props.get(k)) for k in ("children", "label", "options") if k in props)
    if isinstance(node, dict) and "label" in node:  # a select option
        return texts(node["label"])
    return ""


def links(node) -> list[str]:
    """Every href in a rendered Dash component tree."""
    if isinstance(node, list):
        return [h for n in node for h in links(n)]
    if isinstance(node, dict) and isinstance(node.get("props"), dict):
        props = node["props"]
        found = [props["href"]] if isinstance(props.get("href"), str) else []
        return found + links(props.get("children"))
    return []


def page(client, path: str, search: str = ""):
    """The rendered page-content tree of `path` (asserting the router answered)."""
    response = client.page(path, search)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.json["response"]["page-content"]["children"]
