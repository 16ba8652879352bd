"""A worker's copy of recently read account rows, dropped as soon as PostgreSQL says one changed.

Every request of a logged-in person reads their `users` row (Flask-Login's loader), and one page
view is several callback requests; on the ballot path that read was a sixth of the CPU. So each
worker keeps the rows it read, for at most `ttl` seconds, and forgets a row the moment it changes:
a trigger (migration 0003) sends NOTIFY `ashar_users` with the id at the commit of every UPDATE
or DELETE of a users row, and a listener thread in the worker drops that id. Logging out every
session, deactivation, a lost verification or a new role therefore take effect within the
notification's delivery, not the ttl.

Nothing is served unless the listener is connected: while it is down the cache is empty and
bypassed, and it starts empty again once listening resumes, so a missed notification cannot
leave a stale row. A read that raced a change is not stored (see `generation`).
PostgreSQL only; without the trigger in the database the cache never switches on.
"""
from __future__ import annotations

import logging
import os
import threading
import time

import psycopg

CHANNEL = "ashar_users"
TRIGGER = "users_changed"
APPLICATION_NAME = "ashar-account-cache"  # how the listener shows in pg_stat_activity
RETRY_SECONDS = 1.0  # between attempts to reconnect the listener
log = logging.getLogger(__name__)


class AccountCache:
    """Account rows by user id, valid while the listener runs; thread-safe."""

    def __init__(self, connect_kwargs: dict, ttl: float = 30.0, max_entries: int = 10_000):
        self.ttl, self.max_entries = ttl, max_entries
        self._connect_kwargs = connect_kwargs
        self._rows: dict[int, tuple[float, tuple]] = {}
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every notification and every (re)connect
        self._listening = False
        self._pid: int | None = None  # the process whose listener thread runs
        self._stopped = threading.Event()

    @property
    def listening(self) -> bool:
        return self._listening

    def generation(self) -> int:
        """Read before loading a row from the database; pass it to `put`."""
        return self._generation

    def get(self, user_id: int) -> tuple | None:
        """The row read for `user_id` within the ttl, or None (then read it and `put` it)."""
        self._ensure_listener()
        if not self._listening:
            return None
        found = self._rows.get(user_id)
        if found is None or time.monotonic() - found[0] > self.ttl:
            return None
        return found[1]

    def put(self, user_id: int, row: tuple, generation: int) -> None:
        """Keep `row`, unless a change (or a reconnect) was announced since `generation` was read:
        the row may then predate it, and its notification may already have been handled."""
        with self._lock:
            if not self._listening or generation != self._generation:
                return
            if len(self._rows) >= self.max_entries:
                self._rows.clear()  # simplest bound: a busy minute's voters, not all residents
            self._rows[user_id] = (time.monotonic(), row)

    def drop(self, user_id: int | None = None) -> None:
        """Forget one account's row (None: all of them)."""
        with self._lock:
            self._generation += 1
            if user_id is None:
                self._rows.clear()
            else:
                self._rows.pop(user_id, None)

    def stop(self) -> None:
        """End the listener thread (tests, shutdown); the cache is bypassed from now on."""
        self._stopped.set()
        self._set_listening(False)

    def _set_listening(self, listening: bool) -> None:
        with self._lock:
            self._generation += 1
            self._rows.clear()
            self._listening = listening and not self._stopped.is_set()

    def _ensure_listener(self) -> None:
        # Started lazily, per process: a thread does not survive a fork, and the app may be built
        # before gunicorn forks its workers.
        if self._pid == os.getpid() or self._stopped.is_set():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid, self._listening, self._rows = os.getpid(), False, {}
        threading.Thread(target=self._listen, name="ashar-account-cache", daemon=True).start()

    def _listen(self) -> None:
        while not self._stopped.is_set():
            try:
                with psycopg.connect(**self._connect_kwargs, autocommit=True,
                                     application_name=APPLICATION_NAME) as conn:
                    if not _has_trigger(conn):
                        log.warning("account cache off: the %s trigger is missing (migrate)", TRIGGER)
                        return
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_listening(True)  # after LISTEN: nothing committed from now on is missed
                    while not self._stopped.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.drop(_user_id(note.payload))
            except psycopg.Error as error:
                log.warning("account cache listener lost (%s); bypassing the cache", error.__class__.__name__)
            finally:
                self._set_listening(False)
            self._stopped.wait(RETRY_SECONDS)


def _has_trigger(conn) -> bool:
    return conn.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
                        (TRIGGER,)).fetchone() is not None


def _user_id(payload: str) -> int | None:
    """The id a notification names; anything else drops every row."""
    return int(payload) if payload.isascii() and payload.isdigit() and len(payload) <= 10 else None
