"""The city's review: feasibility, cost, merges, decisions and moderation, each in the public history."""
import pytest

from models import AuditEvent, OutboxMessage, ProjectStatusEvent, Support
from services import catalog, review
from services.errors import Conflict, DomainError, NotFound
from tests import factories as f


@pytest.fixture
def setup(session):
    budget = f.budget(session, phase="review")
    envelope = f.envelope(session, budget, amount=3_000_000)
    district = f.district(session)
    author = f.user(session, district_id=district.id)
    moderator = f.user(session, role="moderator")
    a = f.project(session, budget, envelope, status="under_review", author_id=author.id)
    b = f.project(session, budget, envelope, status="under_review", author_id=author.id)
    session.commit()
    return moderator, author, a, b


def _history(session, project):
    return [(e.status, e.reason) for e in session.query(ProjectStatusEvent)
            .filter_by(project_id=project.id).order_by(ProjectStatusEvent.id)]


def test_assess_then_accept_enters_history_and_audit(session, setup):
    moderator, _author, a, _b = setup
    review.assess(session, moderator, a.id, True, "The site belongs to the city.", 1_200_000)
    review.decide(session, moderator, a.id, True, "")
    assert (a.status, a.official_cost, a.ballot_cost) == ("accepted", 1_200_000, 1_200_000)
    assert [s for s, _r in _history(session, a)] == ["feasible", "accepted"]
    assert "1200000" in _history(session, a)[0][1]
    assert session.query(AuditEvent).filter(AuditEvent.action.like("review.%")).count() == 2


def test_rejection_needs_a_public_reason(session, setup):
    moderator, _author, a, _b = setup
    with pytest.raises(DomainError, match="reason"):
        review.decide(session, moderator, a.id, False, "  ")
    review.decide(session, moderator, a.id, False, "The land is privately owned.")
    assert a.status == "rejected" and a.public_reason == "The land is privately owned."


def test_not_feasible_cannot_go_on_the_ballot(session, setup):
    moderator, _author, a, _b = setup
    review.assess(session, moderator, a.id, False, "A gas pipe runs under the site.", None)
    with pytest.raises(Conflict):
        review.decide(session, moderator, a.id, True, "")


def test_merge_points_to_the_kept_one_and_moves_supporters(session, setup):
    moderator, author, a, b = setup
    session.add(Support(project_id=b.id, user_id=author.id))
    session.commit()
    review.merge(session, moderator, b.id, a.id, "Same benches in the same park.")
    assert (b.status, b.merged_into_id) == ("merged", a.id)
    assert review.queue_supports(session, [a])[a.id] == 1
    assert _history(session, a)[-1] == ("merged_in", f"#{b.id}")
    with pytest.raises(Conflict):
        review.decide(session, moderator, b.id, True, "")


def test_hide_removes_from_public_lists_and_tells_the_author(session, setup):
    moderator, author, a, _b = setup
    review.hide(session, moderator, a.id, "Insults against a neighbour.")
    public = catalog.list_projects(session, catalog.ProjectQuery())
    assert a.id not in [p.id for p in public]
    with pytest.raises(NotFound):
        catalog.get_project(session, a.id)
    message = session.query(OutboxMessage).one()
    assert message.destination == author.email and "Insults against a neighbour." in message.body
    review.restore(session, moderator, a.id)
    assert a.id in [p.id for p in catalog.list_projects(session, catalog.ProjectQuery())]


def test_decisions_close_outside_review(session, setup):
    moderator, _author, a, _b = setup
    a.budget.phase = "voting"
    session.commit()
    with pytest.raises(Conflict, match="not in review"):
        review.decide(session, moderator, a.id, False, "Too late for this one.")
