"""The shared cache: one recompute per second across workers, stale served during a recompute."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from services.live_cache import LiveCache


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    yield client
    client.close()


def test_two_workers_share_one_recompute(redis_client):
    key = uuid.uuid4().hex
    workers = [LiveCache(redis_client), LiveCache(redis_client)]  # two processes' caches
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.05)
        return {"n": len(calls)}

    threads = [threading.Thread(target=lambda w=w: w.get("t", key, compute, 1.0))
               for w in workers for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert workers[1].get("t", key, compute, 1.0)[0] == {"n": 1}
    time.sleep(1.05)
    assert workers[0].get("t", key, compute, 1.0)[0] == {"n": 2}


def test_without_redis_one_recompute_per_ttl_per_worker():
    cache, calls = LiveCache(), []
    for _ in range(50):
        cache.get("t", 1, lambda: calls.append(1) or len(calls), 1.0)
    assert calls == [1]
    assert cache.recompute_count("t") == 1
