"""An XSS corpus in every user text field comes back from the server as inert text."""
import json

import pytest
from sqlalchemy import select

from models import Project, ResultSnapshot
from services import implementation, review
from tests import factories as f
from tests.helpers import login
from tests.web.test_propose import FIELDS, act

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
            "[click me](javascript:alert(1))", "[x](&#106;avascript:alert(1))", "<javascript:alert(1)>",
            "<iframe src=javascript:alert(1)></iframe>", "<a href=\"javascript:alert(1)\">a</a>",
            "'-alert(1)-'", "{{constructor.constructor('alert(1)')()}}"]
CORPUS = " ".join(PAYLOADS)
RAW_HTML_COMPONENTS = {"Iframe", "Script", "Embed", "ObjectEl"}


def walk(node, found):
    """Collect every component (type, props) in a Dash JSON tree."""
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            found.append((node["type"], node["props"]))
        for value in node.values():
            walk(value, found)
    elif isinstance(node, list):
        for item in node:
            walk(item, found)
    return found


def assert_inert(response, expect_text=True):
    """No raw-HTML rendering, no dangerous link, and the payloads arrive only as text children."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    components = walk(response.json, [])
    assert components
    for kind, props in components:
        assert kind not in RAW_HTML_COMPONENTS
        assert props.get("dangerously_allow_html") in (None, False)
        for name, value in props.items():
            if isinstance(value, str) and name != "children":
                assert "alert(1)" not in value, (kind, name, value)  # only text may carry the payload
        if kind == "Markdown":
            assert "](javascript:" not in props["children"] and "&#106;avascript" not in props["children"]
    if expect_text:
        assert "<img src=x onerror=alert(1)>" in json.dumps(response.json, ensure_ascii=False)


@pytest.fixture
def hostile(client, session):
    """A proposal whose author put the corpus everywhere, reviewed and implemented with it too."""
    budget = f.budget(session, phase="proposals")
    f.envelope(session, budget, amount=5_000_000)
    author = f.user(session, district_id=f.district(session).id)
    session.commit()
    FIELDS["propose-cycle"] = str(budget.id)
    login(client, author)
    response = act(client, **{"propose-title": "T <img src=x onerror=alert(1)>", "propose-description": CORPUS,
                              "propose-address": '"><svg onload=alert(1)>'})
    assert "was submitted" in response.get_data(as_text=True)
    project = session.scalars(select(Project)).one()
    return budget, author, project


def test_propose_page_and_preview_render_the_corpus_inert(client, hostile):
    assert_inert(client.page("/propose"))
    preview = client.callback([("propose-preview", "children")], [("propose-description", "value", CORPUS)])
    assert_inert(preview)
    assert act(client, **{"propose-title": "<script>alert(1)</script>", "propose-cost": "<svg onload=alert(1)>"})\
        .status_code == 200


def test_review_reasons_and_notes_render_inert(client, session, hostile):
    budget, _author, project = hostile
    moderator = f.user(session, role="moderator")
    budget.phase = "review"
    session.commit()
    review.assess(session, moderator, project.id, True, CORPUS, None)
    review.decide(session, moderator, project.id, True, CORPUS)
    login(client, moderator)
    assert_inert(client.page("/admin/review"), expect_text=False)  # accepted: out of the queue
    assert_inert(client.page(f"/projects/{project.id}"))
    budget.phase = "implementation"
    session.add(ResultSnapshot(budget_id=budget.id, rule="greedy", selected=[str(project.id)], tallies={},
                               explanations={}, spent=1, ballots_counted=1, pb_sha256="0" * 64))
    session.commit()
    implementation.add_update(session, moderator, project.id, "in_progress", 10, CORPUS, "en")
    assert_inert(client.page("/admin/implementation"))
    assert_inert(client.page(f"/projects/{project.id}"))


def test_review_queue_renders_the_corpus_inert(client, session, hostile):
    budget, _author, _project = hostile
    budget.phase = "review"
    session.commit()
    login(client, f.user(session, role="moderator"))
    session.commit()
    assert_inert(client.page("/admin/review"))
