"""Census roll: all-or-nothing import with line numbers, idempotent re-import, one account per entry."""
import threading

import pytest
from sqlalchemy import func, select

from models import AuditEvent, CensusEntry, User, Verification
from models.db import session_factory
from services import census
from services.errors import DomainError
from tests import factories

KEY = "test-census"
GOOD = ("personal_number,birth_date,district_code\n"
        "21234567890123,1990-05-31,osh-a\n"
        "21234567890124,1985-01-02,osh-b\n")


@pytest.fixture
def districts(session):
    a, b = factories.district(session, "osh-a"), factories.district(session, "osh-b")
    session.commit()
    return a, b


def _entries(session):
    return session.scalar(select(func.count(CensusEntry.id)))


def test_import_stores_only_hashes_and_reimport_changes_nothing(session, districts):
    report = census.import_roll(session, KEY, GOOD.encode())
    assert (report.rows, report.added, report.already_present) == (2, 2, 0)
    stored = " ".join(session.scalars(select(CensusEntry.person_hmac)))
    assert "21234567890123" not in stored
    again = census.import_roll(session, KEY, GOOD)
    assert (again.added, again.already_present) == (0, 2)
    assert _entries(session) == 2


@pytest.mark.parametrize("bad_line,line_no", [
    ("2123456789012,1990-05-31,osh-a", 3),        # 13 digits
    ("21234567890125,1990-02-30,osh-a", 3),       # no such date
    ("21234567890125,31.05.1990,osh-a", 3),       # not ISO
    ("21234567890125,1990-05-31,nowhere", 3),     # unknown district
    ("21234567890125,1990-05-31", 3),             # a value missing
    ("21234567890123,1990-05-31,osh-a", 3),       # repeats line 2
])
def test_a_bad_row_names_its_line_and_imports_nothing(session, districts, bad_line, line_no):
    data = "personal_number,birth_date,district_code\n21234567890123,1990-05-31,osh-a\n" + bad_line + "\n"
    with pytest.raises(DomainError) as error:
        census.import_roll(session, KEY, data)
    assert str(error.value).startswith(f"Line {line_no}:")
    assert _entries(session) == 0
    assert session.scalar(select(func.count(AuditEvent.id))) == 0


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00junk", b"name,age\nx,1\n", "personal_number,birth_date,district_code\n"])
def test_unreadable_files_are_refused(session, districts, data):
    with pytest.raises(DomainError):
        census.import_roll(session, KEY, data)
    assert _entries(session) == 0


def test_claim_verifies_once_and_places_in_district(session, districts):
    census.import_roll(session, KEY, GOOD)
    first, second = factories.user(session, verified=False), factories.user(session, verified=False)
    session.commit()
    with pytest.raises(DomainError) as wrong:
        census.claim(session, KEY, first, "21234567890123", "1990-05-30")
    with pytest.raises(DomainError) as unknown:
        census.claim(session, KEY, first, "29999999999999", "1990-05-31")
    assert wrong.value.message == unknown.value.message == census.NO_MATCH
    district = census.claim(session, KEY, first, "21234567890123", "1990-05-31")
    assert district.code == "osh-a" and first.is_verified
    assert session.scalar(select(Verification.method)) == "census"
    with pytest.raises(DomainError) as taken:
        census.claim(session, KEY, second, "21234567890123", "1990-05-31")
    assert taken.value.message == census.NO_MATCH
    assert not session.get(User, second.id).is_verified


def test_concurrent_claims_leave_exactly_one(server, session, districts, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("real concurrent writers need PostgreSQL")
    census.import_roll(session, KEY, GOOD)
    ids = [factories.user(session, verified=False).id for _ in range(8)]
    session.commit()
    barrier, results = threading.Barrier(len(ids)), []

    def attempt(user_id):
        s = session_factory(server)()
        try:
            user = s.get(User, user_id)
            barrier.wait()
            census.claim(s, KEY, user, "21234567890123", "1990-05-31")
            results.append("ok")
        except DomainError:
            results.append("refused")
        finally:
            s.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] + ["refused"] * 7
    session.expire_all()
    assert session.scalar(select(func.count(User.id)).where(User.verified_at.is_not(None))) == 1
