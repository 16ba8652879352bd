"""Shared fixtures: every database test runs on SQLite and on PostgreSQL through `db_url`.

PostgreSQL is required in CI (CI=true): a missing server fails the run there; elsewhere the
PostgreSQL half of each test is skipped with the reason shown.
"""
from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from migrations import runner
from models import Base

PG_ADMIN_URL = os.environ.get("ASHAR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Spread into every test app. Tests read English msgids unless they choose a language;
# the product's default language stays Kyrgyz.
TEST_KEYS = {"SECRET_KEY": "test-secret", "CENSUS_KEY": "test-census", "BALLOT_KEY": "test-ballot",
             "DEFAULT_LOCALE": "en"}


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # any connection failure: report it
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def pg_template_url():
    """A fresh PostgreSQL database for this test run, migrated to head once."""
    problem = _pg_available()
    if problem:
        if IN_CI:
            pytest.fail(problem + " (PostgreSQL tests are required in CI)")
        pytest.skip(problem)
    name = f"ashar_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    runner.upgrade(url)
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    runner.upgrade(f"sqlite:///{path}")
    return path


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as c:
        # A connection an earlier test left open would make TRUNCATE wait for ever: end it.
        c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        c.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty, migrated database: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "ashar.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_template_url")
    _truncate_all(url)
    return url


@pytest.fixture
def app(db_url):
    """The Dash app on a clean database, as tests configure it."""
    from app import create_app
    from models.db import engine_of

    dash_app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    yield dash_app
    engine_of(dash_app.server).dispose()


@pytest.fixture
def server(app):
    """The Flask server under the Dash app."""
    return app.server


@pytest.fixture
def session(server):
    """A database session bound to the test app's engine."""
    from models.db import session_factory

    s = session_factory(server)()
    yield s
    s.close()


@pytest.fixture
def client(server):
    """A browser-like client: it has the CSRF cookie and sends it back as dash-renderer does."""
    from tests.helpers import DashClient

    return DashClient(server.test_client())
