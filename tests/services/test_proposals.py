"""Residents' proposals and supports: what a resident may do, and what is refused with a message."""
import threading

import pytest
from sqlalchemy import func, select

from models import AuditEvent, Project, ProjectStatusEvent, Support
from models.db import session_factory
from services import proposals
from services.errors import Conflict, DomainError, Forbidden, NotFound
from services.proposals import ProposalForm
from tests import factories as f


def _form(**kw) -> ProposalForm:
    values = dict(title="Benches in Navoi park", description="Ten benches along the main alley, with shade.",
                  language="ru", category="parks", cost=300_000, address="Navoi park, Osh")
    values.update(kw)
    return ProposalForm(**values)


@pytest.fixture
def cycle(session):
    budget = f.budget(session, phase="proposals", amount=5_000_000)
    district = f.district(session)
    f.envelope(session, budget, amount=2_000_000)
    f.envelope(session, budget, amount=1_000_000, district_id=district.id)
    session.commit()
    return budget, district


@pytest.fixture
def resident(session, cycle):
    return f.user(session, district_id=cycle[1].id)


def test_submit_stores_the_text_in_the_authors_language(session, cycle, resident):
    budget, district = cycle
    project = proposals.submit_proposal(session, resident, budget.id,
                                        _form(district_id=district.id, latitude=40.53, longitude=72.80))
    assert (project.title_ru, project.title_en, project.title_ky) == ("Benches in Navoi park", "", "")
    assert project.status == "proposed" and project.author_id == resident.id
    assert project.envelope.district_id == district.id
    assert session.query(ProjectStatusEvent).filter_by(project_id=project.id, status="submitted").count() == 1
    assert session.query(AuditEvent).filter_by(action="proposal.submit").count() == 1


@pytest.mark.parametrize("change, message", [
    ({"title": "abc"}, "title must be between"),
    ({"description": "short"}, "description must be between"),
    ({"cost": 0}, "positive"),
    ({"cost": 2_000_001}, "more than the whole envelope"),
    ({"category": "casino"}, "category"),
    ({"language": "fr"}, "language"),
    ({"latitude": 42.87, "longitude": 74.59}, "not in Osh"),  # Bishkek
    ({"latitude": 40.53}, "both latitude and longitude"),
    ({"commitment_id": 999}, "commitment"),
    ({"address": "x" * 301}, "address"),
])
def test_bad_input_is_refused_and_nothing_is_saved(session, cycle, resident, change, message):
    with pytest.raises(DomainError, match=message):
        proposals.submit_proposal(session, resident, cycle[0].id, _form(**change))
    session.rollback()
    assert session.scalar(select(func.count(Project.id))) == 0


def test_only_verified_residents_during_the_proposals_phase(session, cycle):
    budget, district = cycle
    unverified = f.user(session, verified=False)
    with pytest.raises(Forbidden):
        proposals.submit_proposal(session, unverified, budget.id, _form())
    resident = f.user(session, district_id=district.id)
    budget.phase = "review"
    session.commit()
    with pytest.raises(Conflict, match="not taking proposals"):
        proposals.submit_proposal(session, resident, budget.id, _form())


def test_edit_until_review_then_withdraw(session, cycle, resident):
    budget, _district = cycle
    project = proposals.submit_proposal(session, resident, budget.id, _form())
    proposals.edit_proposal(session, resident, project.id, _form(title="Benches and shade trees", language="en"))
    assert (project.title_en, project.title_ru) == ("Benches and shade trees", "")
    other = f.user(session, district_id=cycle[1].id)
    with pytest.raises(NotFound):
        proposals.edit_proposal(session, other, project.id, _form())
    with pytest.raises(NotFound):
        proposals.withdraw_proposal(session, other, project.id)
    project.status = "under_review"
    session.commit()
    with pytest.raises(Conflict, match="can no longer be edited"):
        proposals.edit_proposal(session, resident, project.id, _form())
    proposals.withdraw_proposal(session, resident, project.id)
    assert project.status == "withdrawn"


def test_one_support_per_resident_and_merged_supporters_count(session, cycle, resident):
    budget, district = cycle
    kept = proposals.submit_proposal(session, resident, budget.id, _form())
    duplicate = proposals.submit_proposal(session, resident, budget.id, _form(title="Benches again"))
    a, b = (f.user(session, district_id=district.id) for _ in range(2))
    assert proposals.support(session, a, kept.id) is True
    assert proposals.support(session, a, kept.id) is False
    proposals.support(session, a, duplicate.id)
    proposals.support(session, b, duplicate.id)
    assert proposals.support_counts(session, [kept.id, duplicate.id]) == {kept.id: 1, duplicate.id: 2}
    duplicate.status, duplicate.merged_into_id = "merged", kept.id
    session.commit()
    assert proposals.support_counts(session, [kept.id])[kept.id] == 2  # a counted once
    assert proposals.withdraw_support(session, a, kept.id) is True
    assert proposals.support_counts(session, [kept.id])[kept.id] == 2  # a still supports the duplicate


def test_hidden_proposals_cannot_be_supported(session, cycle, resident):
    project = proposals.submit_proposal(session, resident, cycle[0].id, _form())
    project.hidden_reason = "abusive"
    session.commit()
    with pytest.raises(NotFound):
        proposals.support(session, resident, project.id)


def test_concurrent_support_clicks_store_one_support(server, session, db_url, cycle, resident):
    if not db_url.startswith("postgresql"):
        pytest.skip("real concurrency needs PostgreSQL (SQLite serialises writers)")
    project = proposals.submit_proposal(session, resident, cycle[0].id, _form())
    user_id, project_id = resident.id, project.id
    barrier, results, errors = threading.Barrier(8), [], []

    def click():
        s = session_factory(server)()
        try:
            user = s.get(type(resident), user_id)
            barrier.wait()
            results.append(proposals.support(s, user, project_id))
        except Exception as exc:  # any error is a failure of the test
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == 1 and results.count(False) == 7
    session.expire_all()
    assert session.scalar(select(func.count(Support.id)).where(Support.project_id == project_id)) == 1
