"""A ≤1 s cache that every viewer of a live page shares, so the database sees one tally per second.

Per worker, values live in a small bounded dict held by the app (not the module). With Redis,
workers and hosts share one value: a key holding `{"at": time, "value": ...}` that outlives its
freshness (so it can be served stale during a recompute), and a short `SET NX PX` lock so only
one worker recomputes while the others keep serving the previous value. Every recompute
increments the counter `ashar:stats:recomputes:<kind>` (read by the benchmark and by tests).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from typing import Callable

log = logging.getLogger(__name__)

PREFIX = "ashar:live:"
STATS = "ashar:stats:recomputes:"
LOCK_MS = 5000        # a crashed recompute frees the lock after this
KEEP_SECONDS = 300    # stale values stay in Redis this long, for serving during a recompute
WAIT_SECONDS = 2.0    # with nothing to serve, wait this long for another worker's result


class LiveCache:
    """get(kind, key, compute, ttl) → (value, computed_at): fresh within `ttl` seconds."""

    def __init__(self, redis_client=None, max_entries: int = 256):
        self.redis = redis_client
        self.max_entries = max_entries
        self.local: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.RLock()  # guards `local` and serialises in-process recomputes
        self.recomputes: dict[str, int] = {}  # this worker's recomputes per kind (without Redis)

    def get(self, kind: str, key: object, compute: Callable[[], object], ttl: float = 1.0):
        """The cached value for (kind, key), recomputed by one caller when older than `ttl`."""
        name = f"{kind}:{key}"
        now = time.time()
        hit = self.local.get(name)
        if hit and now - hit[0] < ttl:
            return hit[1], hit[0]
        if self.redis is not None:
            try:
                return self._shared(kind, name, compute, ttl)
            except OSError as exc:  # redis.ConnectionError is an OSError: fall back to this worker
                log.warning("live cache: Redis unavailable (%s); computing locally", exc)
        with self.lock:
            hit = self.local.get(name)  # another thread may have just computed it
            if hit and time.time() - hit[0] < ttl:
                return hit[1], hit[0]
            return self._store(name, *self._compute(kind, compute))

    def _compute(self, kind: str, compute: Callable[[], object]) -> tuple[float, object]:
        at = time.time()
        value = compute()
        self.recomputes[kind] = self.recomputes.get(kind, 0) + 1
        if self.redis is not None:
            try:
                self.redis.incr(STATS + kind)
            except OSError:
                pass
        return at, value

    def _store(self, name: str, at: float, value):
        with self.lock:
            self.local[name] = (at, value)
            self.local.move_to_end(name)
            while len(self.local) > self.max_entries:
                self.local.popitem(last=False)
        return value, at

    def _shared(self, kind: str, name: str, compute, ttl: float):
        """Redis path: fresh shared value, else recompute under the lock, else serve stale."""
        deadline = time.time() + WAIT_SECONDS
        while True:
            raw = self.redis.get(PREFIX + name)
            cached = json.loads(raw) if raw else None
            if cached and time.time() - cached["at"] < ttl:
                return self._store(name, cached["at"], cached["value"])
            if self.redis.set(PREFIX + name + ":lock", "1", nx=True, px=LOCK_MS):
                try:
                    # Another worker may have stored a fresh value between our read and our lock.
                    raw = self.redis.get(PREFIX + name)
                    fresh = json.loads(raw) if raw else None
                    if fresh and time.time() - fresh["at"] < ttl:
                        return self._store(name, fresh["at"], fresh["value"])
                    at, value = self._compute(kind, compute)
                    self.redis.set(PREFIX + name, json.dumps({"at": at, "value": value}),
                                   ex=KEEP_SECONDS)
                finally:
                    self.redis.delete(PREFIX + name + ":lock")
                return self._store(name, at, value)
            if cached:
                # Someone is recomputing: the previous value is at most one recompute older.
                return cached["value"], cached["at"]
            if time.time() > deadline:
                return self._store(name, *self._compute(kind, compute))
            time.sleep(0.02)

    def recompute_count(self, kind: str) -> int:
        """Recomputes of `kind` across all workers (Redis), or in this worker without Redis."""
        if self.redis is not None:
            return int(self.redis.get(STATS + kind) or 0)
        return self.recomputes.get(kind, 0)


def per_worker(server, name: str, make: Callable[[], object]):
    """An in-process object held by the app under `name` (a worker's own cache), made on first use."""
    found = server.extensions.get(name)
    return found if found is not None else server.extensions.setdefault(name, make())


def for_app(server) -> LiveCache:
    """The app's cache, created on first use from REDIS_URL."""
    cache = server.extensions.get("ashar_live_cache")
    if cache is None:
        url = server.config.get("REDIS_URL")
        client = None
        if url:
            import redis

            client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        cache = server.extensions.setdefault("ashar_live_cache", LiveCache(client))
    return cache
