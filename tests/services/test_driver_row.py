"""models.db.driver_row: psycopg's own execute inside the session's transaction, SQLAlchemy's errors."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.orm import Session

from models import District
from models.db import driver_row
from tests import factories as f
from tests.conftest import _truncate_all


@pytest.fixture
def pg_session(pg_template_url):
    """PostgreSQL only: SQLite keeps SQLAlchemy's own statements and never calls driver_row."""
    _truncate_all(pg_template_url)
    engine = create_engine(pg_template_url)
    session = Session(engine)
    yield session
    session.close()
    engine.dispose()


def test_a_row_comes_back_and_the_write_belongs_to_the_session_transaction(pg_session):
    session = pg_session
    count = session.scalar(select(func.count()).select_from(District))
    row = driver_row(session, "INSERT INTO districts (code, name_ky, name_ru, name_en, population)"
                              " VALUES (%(code)s, 'a', 'b', 'c', 1) RETURNING code", {"code": "x-1"})
    assert row == ("x-1",)
    session.rollback()  # nothing of it survives a rollback of the session
    assert session.scalar(select(func.count()).select_from(District)) == count


def test_failures_arrive_as_sqlalchemy_errors_and_the_session_recovers(pg_session):
    session = pg_session
    district = f.district(session, "taken")
    session.commit()
    with pytest.raises(IntegrityError):
        driver_row(session, "INSERT INTO districts (code, name_ky, name_ru, name_en, population)"
                            " VALUES (%(code)s, 'a', 'b', 'c', 1)", {"code": district.code})
    session.rollback()
    with pytest.raises(ProgrammingError):
        driver_row(session, "SELECT no_such_column FROM districts", {})
    session.rollback()
    assert driver_row(session, "SELECT code FROM districts WHERE id = %(id)s", {"id": district.id}) == ("taken",)
