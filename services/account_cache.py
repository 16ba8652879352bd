"""A worker's copy of recently read account rows, dropped as soon as PostgreSQL says one changed.

Every request of a logged-in person reads their `users` row (Flask-Login's loader), and one page
view is several callback requests; on the ballot path that read was a sixth of the CPU. So each
worker keeps the rows it read, for at most `ttl` seconds, and forgets a row the moment it changes:
a trigger (migration 0003) sends NOTIFY `ashar_users` with the id at the commit of every UPDATE
or DELETE of a users row, and a listener thread in the worker drops that id. Logging out every
session, deactivation, a lost verification or a new role therefore take effect within the
notification's delivery, not the ttl.

Nothing is served unless the listener is known to hear: every second it sends itself a ping
through the same channel (and checks the trigger is there and enabled), and rows are served only
while the last ping came back within ALIVE_SECONDS. A connection that dies silently, a pooler
that does not deliver notifications, or a disabled trigger therefore turn the cache off within
seconds. While off, it is empty and bypassed, and it starts empty again once it hears, so a
missed notification cannot leave a stale row. A read that raced a change is not kept (see
`generation`). PostgreSQL only.

The loader must read the row before its own request changes it: a row read inside a
transaction that later rolls back would be kept without any notification (no code does that).
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
import time

import psycopg

CHANNEL = "ashar_users"
RETRY_SECONDS = 1.0  # between attempts to reconnect the listener
PING_SECONDS = 1.0  # between the listener's pings to itself
ALIVE_SECONDS = 3.0  # rows are served only this long after the last ping came back
PING = "ping:"  # payload prefix of pings (every worker hears every worker's)
# Give up on a silent connection in seconds, not the kernel's minutes.
CONNECT_OPTIONS = {"autocommit": True, "application_name": "ashar-account-cache", "connect_timeout": 5,
                   "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2,
                   "tcp_user_timeout": 5000}
# Send a ping; and are the three triggers on users (migration 0003) there and enabled?
HEARTBEAT = ("SELECT pg_notify('ashar_users', %s), (SELECT count(*) = 3 FROM pg_trigger"
             " WHERE tgrelid = 'users'::regclass AND tgenabled <> 'D'"
             " AND tgname IN ('users_changed', 'users_deleted', 'users_truncated'))")
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
        self._heard_at = float("-inf")  # when the listener's last ping came back (monotonic)
        self._pid: int | None = None  # the process whose listener thread runs
        self._stopped = threading.Event()

    @property
    def listening(self) -> bool:
        """Whether rows are served now: connected, and the last ping came back recently."""
        return self._listening and time.monotonic() - self._heard_at < ALIVE_SECONDS

    def generation(self) -> int:
        """Read before loading a row from the database; pass it to `put`."""
        return self._generation

    def get(self, user_id: int) -> tuple | None:
        """The row read for `user_id` within the ttl, or None (then read it and `put` it)."""
        self._ensure_listener()
        if not self.listening:
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
                with psycopg.connect(**{**self._connect_kwargs, **CONNECT_OPTIONS}) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_listening(True)  # after LISTEN: nothing committed from now on is missed
                    self._hear(conn)
            except Exception as error:  # any failure: bypass, then reconnect
                log.warning("account cache listener lost (%s); bypassing the cache", error.__class__.__name__)
            finally:
                self._set_listening(False)
            self._stopped.wait(RETRY_SECONDS)

    def _hear(self, conn) -> None:
        """Handle notifications until stopped or the trigger is gone; ping every PING_SECONDS."""
        while not self._stopped.is_set():
            ping = PING + secrets.token_hex(8)
            if not conn.execute(HEARTBEAT, (ping,)).fetchone()[1]:
                log.warning("account cache off: a users trigger of migration 0003 is missing or disabled")
                return
            for note in conn.notifies(timeout=PING_SECONDS):
                if note.payload == ping:
                    self._heard_at = time.monotonic()
                elif not note.payload.startswith(PING):
                    self.drop(_user_id(note.payload))


def _user_id(payload: str) -> int | None:
    """The id a notification names; anything else drops every row."""
    return int(payload) if payload.isascii() and payload.isdigit() and len(payload) <= 10 else None
