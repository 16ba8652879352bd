"""A worker reuses the account rows it read, and a change to an account still counts at once.

PostgreSQL only (the cache needs its NOTIFY trigger); SQLite apps have no cache at all.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, event, text, update

from models import User
from security import ACCOUNT_CACHE
from tests import factories as f
from tests.conftest import TEST_KEYS, _truncate_all
from tests.helpers import DashClient, login
from tests.web.test_vote import submit, text_of


def wait_for(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def cached(pg_template_url):
    """An app with the account cache on, a budget in voting and a verified voter, logged in."""
    from app import create_app
    from models.db import engine_of, session_factory

    _truncate_all(pg_template_url)
    app = create_app({"DATABASE_URL": pg_template_url, "TESTING": True, "SEED_DEMO": False,
                      "ACCOUNT_CACHE_SECONDS": 30, **TEST_KEYS})
    server = app.server
    with session_factory(server)() as session:
        budget = f.budget(session, method="approval")
        city = f.envelope(session, budget)
        project = f.project(session, budget, city)
        voter = f.user(session, district_id=f.district(session).id)
        session.commit()
        world = {"budget": budget.id, "city": city.id, "project": project.id, "voter": voter.id}
    client = DashClient(server.test_client())
    with session_factory(server)() as session:
        login(client, session.get(User, world["voter"]))
    cache = server.extensions[ACCOUNT_CACHE]
    client.page("/vote")  # the first account read starts the listener
    assert wait_for(lambda: cache.listening), "the listener should connect"
    reads = []
    event.listen(engine_of(server), "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: reads.append(statement) if "FROM users" in statement else None)
    yield server, client, cache, world, reads
    cache.stop()
    engine_of(server).dispose()


def vote(client, world, key):
    return submit(client, world["budget"], {world["city"]: [world["project"]]}, key=key)


def change_voter(url: str, world: dict, **values) -> None:
    """What an admin or another worker does: commit a change to the voter's row."""
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(update(User).where(User.id == world["voter"]).values(**values))
    engine.dispose()


def test_a_worker_reads_a_voters_account_once_for_many_requests(cached):
    _server, client, _cache, world, reads = cached
    for i in range(3):
        assert "Your ballot is recorded" in text_of(vote(client, world, key=f"{i}" * 24))
    assert len(reads) == 1, reads


@pytest.mark.parametrize("change, refusal", [
    ({"is_active": False}, "Please log in first"),
    ({"session_version": User.session_version + 1}, "Please log in first"),  # "log out everywhere"
    ({"verified_at": None}, "You are not allowed to do this"),
])
def test_a_change_to_the_account_counts_at_once_despite_the_cache(cached, pg_template_url, change, refusal):
    _server, client, _cache, world, _reads = cached
    assert "Your ballot is recorded" in text_of(vote(client, world, key="a" * 24))
    change_voter(pg_template_url, world, **change)
    # The notification arrives within milliseconds; never later than this.
    assert wait_for(lambda: refusal in text_of(vote(client, world, key="b" * 24)), seconds=2.0)


def test_while_the_listener_is_away_nothing_comes_from_the_cache(cached, pg_template_url):
    _server, client, cache, world, reads = cached
    assert "Your ballot is recorded" in text_of(vote(client, world, key="a" * 24))
    engine = create_engine(pg_template_url)
    with engine.begin() as c:
        c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE application_name = 'ashar-account-cache' AND datname = current_database()"))
    engine.dispose()
    assert wait_for(lambda: not cache.listening)
    # A change made while nobody listens is missed by the listener, so the row must not be reused.
    change_voter(pg_template_url, world, is_active=False)
    assert "Please log in first" in text_of(vote(client, world, key="b" * 24))
    assert wait_for(lambda: cache.listening), "the listener reconnects by itself"
    change_voter(pg_template_url, world, is_active=True)
    assert wait_for(lambda: "Your ballot is recorded" in text_of(vote(client, world, key="c" * 24)), seconds=2.0)


def test_a_row_read_before_a_change_is_not_kept(cached):
    """The race the generation guards: the row was read, then a change was announced."""
    _server, _client, cache, world, _reads = cached
    before = cache.generation()
    cache.drop(world["voter"])  # the change's notification, handled while the row was being read
    cache.put(world["voter"], ("stale",), before)
    assert cache.get(world["voter"]) is None


def test_the_trigger_watches_every_column_the_loader_reads(cached, pg_template_url):
    from services.session_user import COLUMNS

    engine = create_engine(pg_template_url)
    with engine.connect() as c:
        definition = c.scalar(text("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'users_changed'"))
    engine.dispose()
    missing = [name for name in COLUMNS if name != "id" and f"old.{name}" not in definition.lower()]
    assert not missing, definition


def test_a_change_the_loader_does_not_read_keeps_the_row(cached, pg_template_url):
    _server, client, _cache, world, reads = cached
    assert "Your ballot is recorded" in text_of(vote(client, world, key="a" * 24))
    change_voter(pg_template_url, world, failed_logins=3)
    time.sleep(0.3)
    assert "Your ballot is recorded" in text_of(vote(client, world, key="b" * 24))
    assert len(reads) == 1, reads


def test_a_disabled_trigger_turns_the_cache_off(cached, pg_template_url):
    _server, client, cache, world, _reads = cached
    assert "Your ballot is recorded" in text_of(vote(client, world, key="a" * 24))
    engine = create_engine(pg_template_url)
    with engine.begin() as c:
        c.execute(text("ALTER TABLE users DISABLE TRIGGER users_changed"))
    try:
        assert wait_for(lambda: not cache.listening)
        change_voter(pg_template_url, world, is_active=False)  # announced to nobody
        assert "Please log in first" in text_of(vote(client, world, key="b" * 24))
    finally:
        with engine.begin() as c:
            c.execute(text("ALTER TABLE users ENABLE TRIGGER users_changed"))
        engine.dispose()
    assert wait_for(lambda: cache.listening), "the cache comes back with the trigger"
