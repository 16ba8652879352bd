"""Budget cycles: validation, frozen settings once ballots exist, and phases moved by date or by hand."""
from datetime import timedelta

import pytest

from models import AuditEvent, Ballot, ProjectStatusEvent, Support, utcnow
from services import cycles
from services.cycles import CycleForm
from services.errors import Conflict, DomainError
from tests import factories as f


def _form(**kw) -> CycleForm:
    now = utcnow()
    values = dict(slug="osh-2027", year=2027, name_ky="Ош 2027", name_ru="Ош 2027", name_en="Osh 2027",
                  amount=10_000_000, envelopes={None: 6_000_000},
                  dates={"proposals_start": now + timedelta(days=1), "proposals_end": now + timedelta(days=10),
                         "review_end": now + timedelta(days=20), "voting_start": now + timedelta(days=21),
                         "voting_end": now + timedelta(days=30), "results_on": now + timedelta(days=31)})
    values.update(kw)
    return CycleForm(**values)


@pytest.fixture
def admin(session):
    return f.user(session, role="admin")


def test_create_cycle_with_district_envelopes_is_audited(session, admin):
    district = f.district(session)
    budget = cycles.create_cycle(session, admin.id, _form(envelopes={None: 5_000_000, district.id: 5_000_000}))
    assert budget.phase == "draft"
    assert sorted((e.district_id or 0, e.amount) for e in budget.envelopes) == [(0, 5_000_000), (district.id, 5_000_000)]
    assert session.query(AuditEvent).filter_by(action="cycle.create").count() == 1


@pytest.mark.parametrize("change, message", [
    ({"envelopes": {None: 11_000_000}}, "add up to more"),
    ({"amount": 0}, "positive"),
    ({"name_ru": " "}, "name in Kyrgyz, Russian and English"),
    ({"method": "borda"}, "from the lists"),
    ({"method": "cumulative", "max_points": None}, "points"),
    ({"min_choices": 5, "max_choices": 3}, "cannot exceed"),
    ({"slug": "bad slug!"}, "short name"),
    ({"envelopes": {}}, "at least one envelope"),
    ({"envelopes": {999: 1000}}, "unknown district"),
])
def test_invalid_cycles_are_refused_with_a_message(session, admin, change, message):
    with pytest.raises(DomainError, match=message):
        cycles.create_cycle(session, admin.id, _form(**change))


def test_phase_dates_must_be_in_order(session, admin):
    form = _form()
    form.dates["voting_start"], form.dates["proposals_end"] = form.dates["proposals_end"], form.dates["voting_start"]
    with pytest.raises(DomainError, match="in order"):
        cycles.create_cycle(session, admin.id, form)


def test_outcome_settings_freeze_once_a_ballot_exists(session, admin):
    budget = cycles.create_cycle(session, admin.id, _form())
    cycles.update_cycle(session, admin.id, budget.id, _form(rule="mes", name_en="Osh 2027 (renamed)"))
    session.add(Ballot(budget_id=budget.id, envelope_id=budget.envelopes[0].id, pseudonym="p" * 64,
                       receipt_hash="r" * 64))
    session.commit()
    with pytest.raises(Conflict, match="Ballots have been cast"):
        cycles.update_cycle(session, admin.id, budget.id, _form(rule="greedy"))
    with pytest.raises(Conflict, match="Ballots have been cast"):
        cycles.update_cycle(session, admin.id, budget.id, _form(rule="mes", max_choices=3))
    # Names may still be corrected.
    cycles.update_cycle(session, admin.id, budget.id, _form(rule="mes", name_en="Osh 2027, final"))
    session.refresh(budget)
    assert (budget.rule, budget.name_en) == ("mes", "Osh 2027, final")


def test_advance_phases_moves_by_dates_and_applies_the_support_threshold(session, admin):
    budget = cycles.create_cycle(session, admin.id, _form(support_threshold=2))
    voter = [f.user(session, district_id=f.district(session, code=f"d{i}").id) for i in range(2)]
    now = utcnow()
    assert cycles.advance_phases(session, now) == []
    moved = cycles.advance_phases(session, now + timedelta(days=2))
    assert moved == [(budget.id, "proposals")]
    popular = f.project(session, budget, budget.envelopes[0], status="proposed")
    lonely = f.project(session, budget, budget.envelopes[0], status="proposed")
    session.add_all([Support(project_id=popular.id, user_id=v.id) for v in voter])
    session.commit()
    moved = cycles.advance_phases(session, now + timedelta(days=22))  # past proposals_end and voting_start
    assert moved == [(budget.id, "review"), (budget.id, "voting")]
    session.refresh(popular), session.refresh(lonely)
    assert popular.status == "under_review"
    assert lonely.status == "rejected" and "0 of 2 supports" in lonely.public_reason
    assert session.query(ProjectStatusEvent).filter_by(project_id=lonely.id, status="below_threshold").count() == 1
    assert session.query(AuditEvent).filter_by(action="cycle.phase").count() == 3


def test_admin_moves_phases_by_hand_one_step(session, admin):
    budget = cycles.create_cycle(session, admin.id, _form())
    with pytest.raises(Conflict):
        cycles.move_phase(session, admin.id, budget.id, "voting")
    cycles.move_phase(session, admin.id, budget.id, "proposals")
    assert budget.phase == "proposals"
    event = session.query(AuditEvent).filter_by(action="cycle.phase").one()
    assert event.detail["how"] == "hand" and event.actor_id == admin.id
