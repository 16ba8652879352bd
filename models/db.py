"""Engine and sessions: one engine per app, one session per request, closed at teardown."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

EXTENSION = "ashar_db"


def make_engine(url: str) -> Engine:
    """An engine tuned for the URL: SQLite gets foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # SQLite ignores foreign keys unless asked, per connection; WAL lets readers run during writes.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    # pre_ping: after a database restart, stale pooled connections are replaced, not handed out.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def init_app(app: Flask) -> None:
    """Create the app's engine and close the request session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = sessionmaker(engine, expire_on_commit=False)

    def _close_session(_exc=None):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    # Per request, even when a longer-lived app context (a test, a script) wraps the request:
    # a session left open would hold its connection "idle in transaction" and block DDL.
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)


def session_factory(app: Flask | None = None) -> sessionmaker:
    """The sessionmaker bound to this app's engine."""
    return (app or current_app).extensions[EXTENSION]


def engine_of(app: Flask | None = None) -> Engine:
    """This app's engine."""
    return session_factory(app).kw["bind"]


def get_session() -> Session:
    """The session of the current request (created on first use)."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """A session for scripts and CLI commands: committed on success, rolled back on error."""
    session = session_factory(app)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
