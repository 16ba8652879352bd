"""The account cache stops serving when its listener goes deaf, even on a connection that never
reports an error (a NAT or firewall dropping the idle flow, a blackholed link)."""
from __future__ import annotations

import socket
import threading
import time

from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session

from models import User
from services.account_cache import ALIVE_SECONDS, AccountCache
from services.session_user import _ROW
from tests import factories as f
from tests.conftest import _truncate_all

PING_SLACK = 1.5  # one ping interval and some scheduling


class SilencingProxy:
    """A TCP relay to PostgreSQL that can start swallowing everything without closing anything."""

    def __init__(self):
        self.silent = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", 5432))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                if not self.silent.is_set():
                    target.sendall(data)
        except OSError:
            pass


def test_a_silently_dead_listener_stops_the_cache_within_seconds(pg_template_url):
    _truncate_all(pg_template_url)
    engine = create_engine(pg_template_url)
    with Session(engine) as session:
        user_id = f.user(session).id
        session.commit()
    proxy = SilencingProxy()
    database = engine.url.database
    cache = AccountCache({"host": "127.0.0.1", "port": proxy.port, "dbname": database, "user": "postgres"})

    def load():
        row = cache.get(user_id)
        if row is None:
            generation = cache.generation()
            with engine.connect() as c:
                row = tuple(c.execute(_ROW, {"id": user_id}).one())
            cache.put(user_id, row, generation)
        return row

    try:
        load()
        deadline = time.monotonic() + 5
        while not cache.listening and time.monotonic() < deadline:
            time.sleep(0.05)
        load()
        assert cache.get(user_id) is not None, "the row is served while the listener hears"
        proxy.silent.set()
        with engine.begin() as c:
            c.execute(update(User).where(User.id == user_id).values(is_active=False))
        time.sleep(ALIVE_SECONDS + PING_SLACK)
        assert cache.get(user_id) is None and not cache.listening
        assert load()[-1] is False, "the next read goes to the database and sees the change"
    finally:
        cache.stop()
        proxy.listener.close()
        engine.dispose()

