"""Implementation tracking: updates with checked photos, the public timeline, commitment roll-ups."""
from datetime import date

import pytest

from models import ActionPlan, Commitment, ResultSnapshot
from services import implementation
from services.errors import DomainError, NotFound
from tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture
def funded(session):
    plan = ActionPlan(title_ky="П", title_ru="П", title_en="Plan", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    session.add(plan)
    session.flush()
    commitment = Commitment(action_plan_id=plan.id, number=1, title_ky="К", title_ru="К", title_en="Parks")
    session.add(commitment)
    session.flush()
    budget = f.budget(session, phase="published")
    envelope = f.envelope(session, budget)
    won = f.project(session, budget, envelope, commitment_id=commitment.id)
    lost = f.project(session, budget, envelope, commitment_id=commitment.id)
    session.add(ResultSnapshot(budget_id=budget.id, rule="greedy", selected=[str(won.id)], tallies={},
                               explanations={}, spent=won.cost, ballots_counted=1, pb_sha256="0" * 64))
    moderator = f.user(session, role="moderator")
    session.commit()
    return moderator, won, lost, commitment


def test_update_with_photo_sets_progress_and_rolls_up(session, funded, tmp_path):
    moderator, won, lost, commitment = funded
    tmp_path = tmp_path / "uploads"
    assert [p.id for p in implementation.funded_projects(session)] == [won.id]
    update = implementation.add_update(session, moderator, won.id, "in_progress", 40, "Foundations poured.",
                                       "en", photo=PNG, upload_dir=tmp_path)
    assert (won.implementation_status, won.progress) == ("in_progress", 40)
    assert implementation.is_photo_name(update.photo_path)
    assert (tmp_path / update.photo_path).read_bytes() == PNG
    assert implementation.public_updates(session, won.id)[0].note_en == "Foundations poured."
    rollup = implementation.commitment_rollup(session, [commitment.id])[commitment.id]
    assert (rollup.projects, rollup.average_progress, rollup.completed) == (1, 40, 0)
    with pytest.raises(NotFound):
        implementation.add_update(session, moderator, lost.id, "planned", 0, "Not funded.", "en")


@pytest.mark.parametrize("data, ok", [(PNG, True), (JPEG, True), (WEBP, True),
                                      (b"GIF89a" + b"\x00" * 20, False), (b"<svg onload=alert(1)>", False)])
def test_photo_types_are_checked_by_their_bytes(data, ok):
    assert (implementation.photo_kind(data) is not None) is ok


def test_oversized_or_fake_photos_are_refused_and_nothing_saved(session, funded, tmp_path):
    moderator, won, _lost, _c = funded
    tmp_path = tmp_path / "uploads"
    with pytest.raises(DomainError, match="2 MB"):
        implementation.add_update(session, moderator, won.id, "planned", 0, "Big photo.", "en",
                                  photo=PNG + b"\x00" * (2 * 1024 * 1024), upload_dir=tmp_path)
    with pytest.raises(DomainError, match="JPEG, PNG or WebP"):
        implementation.add_update(session, moderator, won.id, "planned", 0, "Fake photo.", "en",
                                  photo=b"<html>", upload_dir=tmp_path)
    session.rollback()
    assert implementation.public_updates(session, won.id) == [] and not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_completed_means_one_hundred_percent(session, funded):
    moderator, won, _lost, _c = funded
    with pytest.raises(DomainError, match="100%"):
        implementation.add_update(session, moderator, won.id, "completed", 90, "Done.", "en")
