"""1,000 observers watching /live while ballots keep coming, against gunicorn on PostgreSQL.

    python bench/observers.py [--seconds 30] [--observers 1000] [--interval 2] [--ballots 100000]
                              [--workers 3] [--threads 8] [--write-rate 2] [--api-share 0] [--json]

Creates a scratch database `ashar_bench_<pid>` on the local PostgreSQL (dropped at the end), fills
it with one public_live budget and `--ballots` ballots by bulk SQL, starts gunicorn (gthread) on a
loopback port with REDIS_URL set, then for `--seconds`:
  * observers POST the /live refresh callback to /_dash-update-component every `--interval` s,
    each carrying the version it last saw, as the page does (`--api-share` of them poll the tally
    API instead);
  * a writer commits `--write-rate` new ballots per second, and a probe polls the tally API to
    time how long each committed ballot takes to become visible (freshness).
Tally queries reaching PostgreSQL are counted by the app's cache (Redis counter of recomputes).
With --json the last line printed is one JSON object with every figure.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("ASHAR_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("ASHAR_BENCH_REDIS", "redis://127.0.0.1:6379/14")
OUTPUTS = ["live-status.children", "live-tally.hidden", "live-votes.figure", "live-projections.children",
           "live-turnout-total.children", "live-turnout-time.figure", "live-districts.figure",
           "live-version.data"]
PROJECTS = 12


def create_database(name: str) -> str:
    """A fresh, migrated database on the local server."""
    from sqlalchemy import create_engine, text

    from migrations import runner

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    runner.upgrade(url)
    return url


def drop_database(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fill(url: str, ballots: int) -> int:
    """One budget in voting, 12 projects, five districts, `ballots` voters: bulk SQL, no web."""
    from sqlalchemy import create_engine, text

    from models import Budget, District, Envelope, Project, utcnow
    from models.db import make_engine
    from sqlalchemy.orm import Session
    from datetime import timedelta

    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as s:
        districts = [District(code=f"d{i}", name_ky=f"Район {i}", name_ru=f"Район {i}",
                              name_en=f"District {i}", population=60_000) for i in range(5)]
        s.add_all(districts)
        now = utcnow()
        budget = Budget(slug="bench", year=2026, name_ky="Бенч", name_ru="Бенч", name_en="Bench",
                        amount=30_000_000, phase="voting", method="approval", rule="greedy",
                        visibility="public_live", max_choices=4, voting_start=now - timedelta(days=3),
                        voting_end=now + timedelta(days=3))
        s.add(budget)
        s.flush()
        envelope = Envelope(budget_id=budget.id, amount=budget.amount)
        s.add(envelope)
        s.flush()
        for j in range(PROJECTS):
            s.add(Project(budget_id=budget.id, envelope_id=envelope.id, cost=1_000_000 + 500_000 * j,
                          status="accepted", title_en=f"Project {j}", title_ru=f"Проект {j}",
                          title_ky=f"Долбоор {j}", category="parks"))
        s.commit()
        budget_id, envelope_id, first_district = budget.id, envelope.id, districts[0].id
    with engine.begin() as c:
        params = {"n": ballots, "b": budget_id, "e": envelope_id, "d": first_district}
        c.execute(text("""
            INSERT INTO users (email, password_hash, display_name, role, locale, district_id,
                               verified_at, totp_enabled, failed_logins, session_version, is_active, created_at)
            SELECT 'bench' || i || '@example.kg', 'x', '', 'resident', 'ky', :d + i % 5, now(),
                   false, 0, 1, true, now()
            FROM generate_series(1, :n) AS i"""), params)
        c.execute(text("""
            INSERT INTO voter_roll (budget_id, user_id, district_id, channel, voted_at, updated_at)
            SELECT :b, u.id, u.district_id, CASE WHEN u.id % 7 = 0 THEN 'paper' ELSE 'online' END,
                   now() - (u.id % 4320) * interval '1 minute', now()
            FROM users u WHERE u.email LIKE 'bench%'"""), params)
        c.execute(text("""
            INSERT INTO ballots (id, budget_id, envelope_id, pseudonym, receipt_hash, revision)
            SELECT md5('b' || i), :b, :e, md5('p' || i) || md5('q' || i), md5('r' || i) || md5('s' || i), 1
            FROM generate_series(1, :n) AS i"""), params)
        # 1 to 4 projects per ballot, skewed so that outcomes are not a tie
        c.execute(text("""
            INSERT INTO ballot_items (ballot_id, project_id, points)
            SELECT md5('b' || i), p.id, 1
            FROM generate_series(1, :n) AS i
            JOIN LATERAL (SELECT id FROM projects WHERE budget_id = :b
                          ORDER BY md5(i || '-' || id) LIMIT 1 + i % 4) p ON true"""), params)
        c.execute(text("ANALYZE"))
    engine.dispose()
    return budget_id


class Writer(threading.Thread):
    """Commits new ballots at a steady rate and remembers when the n-th ballot was committed."""

    def __init__(self, url: str, budget_id: int, rate: float, start_count: int, stop: threading.Event):
        super().__init__(daemon=True)
        from models.db import make_engine

        self.engine, self.budget_id, self.rate, self.stop = make_engine(url), budget_id, rate, stop
        self.count = start_count
        self.committed: dict[int, float] = {}

    def run(self):
        from sqlalchemy import text

        with self.engine.connect() as c:
            envelope = c.execute(text("SELECT id FROM envelopes WHERE budget_id=:b"), {"b": self.budget_id}).scalar()
            projects = c.execute(text("SELECT id FROM projects WHERE budget_id=:b"), {"b": self.budget_id}).scalars().all()
        while not self.stop.wait(1 / self.rate):
            tag = secrets.token_hex(8)
            with self.engine.begin() as c:
                user = c.execute(text(
                    "INSERT INTO users (email, password_hash, display_name, role, locale, totp_enabled,"
                    " failed_logins, session_version, is_active, created_at, verified_at)"
                    " VALUES (:e, 'x', '', 'resident', 'ky', false, 0, 1, true, now(), now()) RETURNING id"),
                    {"e": f"w{tag}@example.kg"}).scalar()
                c.execute(text("INSERT INTO voter_roll (budget_id, user_id, channel, voted_at, updated_at)"
                               " VALUES (:b, :u, 'online', now(), now())"), {"b": self.budget_id, "u": user})
                c.execute(text("INSERT INTO ballots (id, budget_id, envelope_id, pseudonym, receipt_hash, revision)"
                               " VALUES (:i, :b, :e, :p, :r, 1)"),
                          {"i": tag + tag, "b": self.budget_id, "e": envelope, "p": "w" + tag, "r": "w" + tag})
                c.execute(text("INSERT INTO ballot_items (ballot_id, project_id, points) VALUES (:i, :p, 1)"),
                          {"i": tag + tag, "p": projects[user % len(projects)]})
            self.count += 1
            self.committed[self.count] = time.monotonic()
        self.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS, "ASHAR_ENV": "production",
           "SECRET_KEY": secrets.token_hex(16), "CENSUS_KEY": "bench-census", "BALLOT_KEY": "bench-ballot",
           "ASHAR_SEED_DEMO": "0"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "-k", "gthread", "-w", str(workers), "--threads", str(threads), "--backlog", "2048",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],  # Dash apps are WSGI callables
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def refresh_body(budget_id: int, shown) -> bytes:
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in OUTPUTS]
    return json.dumps({
        "output": ".." + "...".join(OUTPUTS) + "..", "outputs": outputs,
        "inputs": [{"id": "live-interval", "property": "n_intervals", "value": 1},
                   {"id": "live-budget", "property": "value", "value": str(budget_id)}],
        "state": [{"id": "live-version", "property": "data", "value": shown}],
        "changedPropIds": ["live-interval.n_intervals"]}).encode()


def observe(port, budget_id, my_observers, interval, start, end, csrf, api_share, results, lock):
    """One client thread: its observers each refresh every `interval` s at their own phase."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json", "Cookie": f"_csrf_token={csrf}", "X-CSRFToken": csrf}
    shown = {o: None for o, _ in my_observers}
    latencies, statuses, cycle = [], {}, 0
    while True:
        for observer, phase in my_observers:
            due = start + cycle * interval + phase
            if due >= end or time.monotonic() >= end:  # behind schedule: stop on time anyway
                with lock:
                    results["latencies"] += latencies
                    for k, v in statuses.items():
                        results["statuses"][k] = results["statuses"].get(k, 0) + v
                conn.close()
                return
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            sent = time.monotonic()
            try:
                if observer < api_share:
                    conn.request("GET", f"/api/v1/budgets/{budget_id}/tally")
                else:
                    conn.request("POST", "/_dash-update-component", refresh_body(budget_id, shown[observer]),
                                 headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status = "error"
                data = b""
            latencies.append(time.monotonic() - sent)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200 and observer >= api_share:
                shown[observer] = json.loads(data)["response"]["live-version"]["data"]
        cycle += 1


def probe_freshness(port, budget_id, writer: Writer, stop: threading.Event, seen: dict):
    """Poll the tally API every 50 ms; note when each ballot count first becomes visible."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while not stop.is_set():
        conn.request("GET", f"/api/v1/budgets/{budget_id}/tally")
        ballots = json.loads(conn.getresponse().read())["ballots"]
        now = time.monotonic()
        for n in range(min(seen) if seen else ballots, ballots + 1):
            seen.setdefault(n, now)
        time.sleep(0.05)


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else None


def redis_counter(kind: str) -> int:
    import redis

    return int(redis.Redis.from_url(REDIS).get(f"ashar:stats:recomputes:{kind}") or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--observers", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--clients", type=int, default=48, help="client threads")
    parser.add_argument("--write-rate", type=float, default=2.0)
    parser.add_argument("--api-share", type=float, default=0.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.seconds > 600:
        raise SystemExit("--seconds is capped at 600")

    name = f"ashar_bench_{os.getpid()}"
    t = time.monotonic()
    url = create_database(name)
    server = None
    try:
        budget_id = fill(url, args.ballots)
        fill_seconds = time.monotonic() - t
        print(f"database {name}: {args.ballots} ballots in {fill_seconds:.1f} s", flush=True)
        import redis

        redis.Redis.from_url(REDIS).flushdb()
        port = free_port()
        server = start_server(url, port, args.workers, args.threads)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        csrf = response.headers["Set-Cookie"].split("_csrf_token=")[1].split(";")[0]
        conn.request("GET", f"/api/v1/budgets/{budget_id}/tally")  # warm the caches once
        start_count = json.loads(conn.getresponse().read())["ballots"]

        stop = threading.Event()
        writer = Writer(url, budget_id, args.write_rate, start_count, stop)
        seen: dict[int, float] = {}
        probe = threading.Thread(target=probe_freshness, args=(port, budget_id, writer, stop, seen), daemon=True)
        results = {"latencies": [], "statuses": {}}
        lock = threading.Lock()
        api_share = int(args.observers * args.api_share)
        start = time.monotonic() + 0.5
        end = start + args.seconds
        groups = [[(o, o * args.interval / args.observers) for o in range(args.observers) if o % args.clients == k]
                  for k in range(args.clients)]
        for group in groups:
            group.sort(key=lambda item: item[1])
        before = {k: redis_counter(k) for k in ("tally", "mes", "turnout")}
        clients = [threading.Thread(target=observe, args=(port, budget_id, g, args.interval, start, end, csrf,
                                                          api_share, results, lock), daemon=True)
                   for g in groups if g]
        writer.start()
        probe.start()
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        elapsed = time.monotonic() - start
        stop.set()
        writer.join()
        time.sleep(2.5)  # let the probe see the last ballots
        probe.join(timeout=5)
        after = {k: redis_counter(k) for k in ("tally", "mes", "turnout")}
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        drop_database(name)

    fresh = [seen[n] - at for n, at in writer.committed.items() if n in seen]
    latencies = results["latencies"]
    report = {
        "observers": args.observers, "interval_s": args.interval, "seconds": round(elapsed, 1),
        "workers": args.workers, "threads": args.threads, "ballots_at_start": start_count,
        "ballots_written": len(writer.committed),
        "requests": len(latencies), "requests_per_s": round(len(latencies) / elapsed, 1),
        "statuses": {str(k): v for k, v in results["statuses"].items()},
        "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "max_ms": round(1000 * max(latencies), 1),
        "tally_queries_per_s": round((after["tally"] - before["tally"]) / elapsed, 2),
        "mes_projections_per_s": round((after["mes"] - before["mes"]) / elapsed, 3),
        "turnout_queries_per_s": round((after["turnout"] - before["turnout"]) / elapsed, 2),
        "freshness_p50_s": round(percentile(fresh, 0.5), 2) if fresh else None,
        "freshness_max_s": round(max(fresh), 2) if fresh else None,
        "freshness_samples": len(fresh),
        "fill_seconds": round(fill_seconds, 1),
    }
    for key, value in report.items():
        print(f"{key:>24}: {value}")
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
