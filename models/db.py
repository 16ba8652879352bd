"""Engine and sessions: one engine per app, one session per request, closed at teardown."""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
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
    engine = create_engine(url, pool_size=10, max_overflow=20)
    _ping_idle_connections(engine)
    return engine


IDLE_BEFORE_PING = 1.0  # seconds


def _ping_idle_connections(engine: Engine) -> None:
    """After a database restart, stale pooled connections are replaced, not handed out.

    Only a connection idle for over a second is pinged when checked out: pinging every checkout
    (SQLAlchemy's pool_pre_ping) cost a fifth of a ballot's CPU. A connection in use when the
    server goes away fails its statement instead; SQLAlchemy then sees the disconnect and drops
    the whole pool, and the voter gets a 503 saying nothing was stored.
    """
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()  # the ping's implicit transaction is not the request's
        except Exception as error:  # any driver error: this connection is no use
            raise DisconnectionError() from error  # the pool discards it and connects afresh


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


def driver_row(session: Session, sql: str, params: dict) -> tuple | None:
    """The first row of one PostgreSQL statement, sent by psycopg itself on the session's
    connection, inside its transaction.

    For the statements every ballot runs: SQLAlchemy's execute costs about 60 µs of CPU more than
    psycopg's. Failures still arrive as SQLAlchemy's exceptions (the app's error handlers and the
    services catch those), and a connection the server dropped is discarded.
    """
    import psycopg  # PostgreSQL only; SQLite deployments never get here

    connection = session.connection()
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    except psycopg.Error as error:
        lost = connection.dialect.is_disconnect(error, driver, None)
        if lost:
            # This connection only: the rest of the pool is tested by the next request's own
            # statements (SQLAlchemy's execute, which drops the whole pool on a disconnect) and
            # by the idle check above.
            connection.invalidate(error)
        raise DBAPIError.instance(sql, params, error, psycopg.Error, connection_invalidated=lost,
                                  dialect=connection.dialect) from error
    except BaseException:
        connection.invalidate()  # interrupted mid-statement: the protocol state is unknown
        raise


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
