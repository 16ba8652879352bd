"""Ballot throughput under gunicorn, against a bare one-insert Dash app, with an exactly-once check.

    .venv/bin/python bench/ballots.py --seconds 20 --clients 16 [--rounds 3] --json

Creates a fresh PostgreSQL database (unless --database-url), migrates and seeds it (a knapsack
budget in voting, C verified voters), serves Ashar with `gunicorn -w 2 --threads 4`, logs each
client in with a session cookie signed by the app's own SecureCookieSessionInterface (the SECRET_KEY
passed to gunicorn), and has every client thread post ballots to /_dash-update-component exactly as
dash-renderer does (CSRF cookie + X-CSRFToken, the real submit callback's output key and states).
The same load hits bench/baseline_app.py, served beside it; the two take turns, --rounds times,
--seconds in all for each. Afterwards every client's last acknowledged receipt
must be the one stored for its voter, and no voter may hold two ballots or roll rows.
The last line with --json: {"ballots_per_s", "p50_ms", "p99_ms", "baseline_ballots_per_s",
"errors", "lost", "duplicates", "cpu_ms_per_ballot", "baseline_cpu_ms_per_ballot", "load_before"};
CPU is per acknowledged ballot over the timed window (gunicorn, database backends, this load
generator, whole machine), so a run on a busy machine shows it, and so does where the time goes.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from components import ballot as page  # noqa: E402
from migrations import runner  # noqa: E402
from models import Ballot, Budget, District, Envelope, Project, User, VoterRoll, utcnow  # noqa: E402
from services.keys import ballot_pseudonym, receipt_hash  # noqa: E402
from services.passwords import hash_password  # noqa: E402

ADMIN_URL = os.environ.get("ASHAR_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
USER_AGENT = "ashar-bench"
RECEIPT = re.compile(r"\b[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\b")
SUBMIT_KEY = f"..{page.VOTE_SUBMIT_MESSAGE}.children...{page.VOTE_FLOW}.hidden...{page.VOTE_DONE}.children.."
KEYS = {"SECRET_KEY": secrets.token_hex(32), "CENSUS_KEY": "bench-census", "BALLOT_KEY": secrets.token_hex(16)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database() -> tuple[str, callable]:
    """A fresh database on the local server, and a function that drops it."""
    name = f"ashar_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name, drop


def seed(url: str, clients: int) -> dict:
    """Two budgets in voting (Ashar's and the baseline's), ten projects, `clients` verified voters."""
    engine = create_engine(url)
    now, password = utcnow(), hash_password(secrets.token_urlsafe(12))
    tag = secrets.token_hex(3)
    with engine.begin() as c:
        district = c.execute(insert(District).values(code=f"bench-{tag}", name_ky="Ош", name_ru="Ош",
                                                     name_en="Osh").returning(District.id)).scalar_one()
        ids = {}
        for kind in ("ashar", "baseline"):
            budget = c.execute(insert(Budget).values(
                slug=f"bench-{kind}-{tag}", year=2026, name_ky=kind, name_ru=kind, name_en=kind,
                amount=10_000_000, phase="voting", method="knapsack", rule="greedy", allow_revote=True,
                voting_start=now, voting_end=now.replace(year=now.year + 1)).returning(Budget.id)).scalar_one()
            envelope = c.execute(insert(Envelope).values(budget_id=budget, amount=10_000_000)
                                 .returning(Envelope.id)).scalar_one()
            projects = [c.execute(insert(Project).values(
                budget_id=budget, envelope_id=envelope, cost=1_000_000 * (1 + i % 4), status="accepted",
                title_en=f"Project {i}", category="parks").returning(Project.id)).scalar_one() for i in range(10)]
            ids[kind] = {"budget": budget, "envelope": envelope, "projects": projects}
        users = [c.execute(insert(User).values(
            email=f"bench-{tag}-{i}@example.kg", password_hash=password, role="resident", locale="en",
            district_id=district, verified_at=now).returning(User.id)).scalar_one() for i in range(clients)]
    engine.dispose()
    return {**ids, "users": users}


def session_cookie(user_id: int) -> str:
    """A logged-in session as Flask-Login would store it, signed with the server's SECRET_KEY."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    from flask_login.utils import _create_identifier

    from security import SESSION_AUTH_AT, SESSION_MFA

    signer_app = Flask(__name__, root_path=str(ROOT))
    signer_app.secret_key = KEYS["SECRET_KEY"]
    with signer_app.test_request_context(headers={"User-Agent": USER_AGENT},
                                         environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = _create_identifier()  # session_protection="strong" checks address and browser
    data = {"_user_id": f"{user_id}:1", "_fresh": True, "_id": identifier,
            SESSION_MFA: False, SESSION_AUTH_AT: time.time()}
    return SecureCookieSessionInterface().get_signing_serializer(signer_app).dumps(data)


def start(command: list[str], port: int, env: dict, ready_path: str) -> subprocess.Popen:
    """gunicorn with 2 workers × 4 threads on loopback; returns once it answers `ready_path`."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen([gunicorn, "-k", "gthread", "-w", "2", "--threads", "4", "--backlog", "2048",
                                "-b", f"127.0.0.1:{port}", "--log-level", "warning", *command],
                               cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", ready_path)
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"gunicorn did not start: {command}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def ashar_body(budget_id: int, envelope_id: int, choices: list[int]) -> bytes:
    """The submit callback's request, as dash-renderer builds it from the /vote page."""
    return json.dumps({
        "output": SUBMIT_KEY,
        "outputs": [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
                    for part in SUBMIT_KEY[2:-2].split("...")],
        "inputs": [{"id": page.VOTE_SUBMIT, "property": "n_clicks", "value": 1}],
        "state": [{"id": page.VOTE_BUDGET, "property": "data", "value": budget_id},
                  {"id": page.VOTE_KEY, "property": "data", "value": secrets.token_urlsafe(24)},
                  [{"id": {"envelope": envelope_id, "type": page.VOTE_CHOICE}, "property": "value",
                    "value": choices}], [], []],
        "changedPropIds": [f"{page.VOTE_SUBMIT}.n_clicks"]}).encode()


def baseline_body(choices: list[int]) -> bytes:
    return json.dumps({
        "output": "baseline-out.children", "outputs": {"id": "baseline-out", "property": "children"},
        "inputs": [{"id": "baseline-go", "property": "n_clicks", "value": 1}],
        "state": [{"id": "baseline-choices", "property": "data", "value": choices}],
        "changedPropIds": ["baseline-go.n_clicks"]}).encode()


def valid_choices(projects: list[int], rng: random.Random) -> list[int]:
    """A random knapsack ballot within 10M (costs are 1–4M)."""
    costs = {p: 1_000_000 * (1 + i % 4) for i, p in enumerate(projects)}
    order, total, chosen = projects[:], 0, []
    rng.shuffle(order)
    for p in order:
        if total + costs[p] <= 10_000_000:
            total += costs[p]
            chosen.append(p)
    return chosen


def load(port: int, seconds: float, clients: int, make_body, cookies: list[str], find_receipt,
         server_group: int, database: str, warmup: float = 2.0) -> dict:
    """C threads posting as fast as answers come for `seconds` (after a short warm-up)."""
    results = {"latencies": [], "errors": 0, "acked": 0, "last": [None] * clients}
    lock = threading.Lock()
    start = time.monotonic() + warmup  # warm-up: the first requests of each worker build Dash's caches
    end = start + seconds

    def client(i: int):
        rng = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        csrf = None
        latencies, errors, acked, last = [], 0, 0, None
        while time.monotonic() < end:
            if csrf is None:
                conn.request("GET", "/_dash-layout", headers={"User-Agent": USER_AGENT, "Cookie": cookies[i]})
                response = conn.getresponse()
                response.read()
                found = re.search(r"_csrf_token=([^;]+)", response.getheader("Set-Cookie") or "")
                csrf = found.group(1) if found else "none"  # the baseline app checks no CSRF
            headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, "X-CSRFToken": csrf,
                       "Cookie": f"_csrf_token={csrf}; {cookies[i]}"}
            sent = time.monotonic()
            try:
                conn.request("POST", "/_dash-update-component", make_body(rng), headers)
                response = conn.getresponse()
                data = response.read().decode()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                errors += sent >= start
                continue
            code = find_receipt(data) if response.status == 200 else None
            if sent < start:
                continue
            latencies.append((time.monotonic() - sent) * 1000)
            if code is None:
                errors += 1
            else:
                acked, last = acked + 1, code
        conn.close()
        with lock:
            results["latencies"] += latencies
            results["errors"] += errors
            results["acked"] += acked
            results["last"][i] = last

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(max(0.0, start - time.monotonic()))
    before = cpu_seconds(server_group, database)
    time.sleep(max(0.0, end - time.monotonic()))
    after = cpu_seconds(server_group, database)
    for t in threads:
        t.join()
    results["per_s"] = results["acked"] / seconds
    # CPU per acknowledged ballot, measured over the timed window only (warm-up excluded).
    results["cpu_ms"] = {part: round((after[part] - before[part]) * 1000 / max(results["acked"], 1), 2)
                         for part in after}
    return results


def combined(slices: list[dict], seconds: float) -> dict:
    """The slices of one side as one run: counts summed, each client's last receipt kept."""
    acked = sum(r["acked"] for r in slices)
    last = [None] * len(slices[0]["last"])
    for r in slices:
        last = [code if code is not None else before for before, code in zip(last, r["last"])]
    cpu = {part: round(sum(r["cpu_ms"][part] * r["acked"] for r in slices) / max(acked, 1), 2)
           for part in slices[0]["cpu_ms"]}
    return {"latencies": [x for r in slices for x in r["latencies"]], "errors": sum(r["errors"] for r in slices),
            "acked": acked, "last": last, "per_s": acked / seconds, "cpu_ms": cpu}


def cpu_seconds(server_group: int, database: str) -> dict[str, float]:
    """CPU used so far by the gunicorn process group, this load generator, the database's backends
    and the whole machine (busy, all cores), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"server": 0.0, "client": sum(os.times()[:2]), "database": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        if int(fields[2]) == server_group:
            used["server"] += seconds
        elif cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
            used["database"] += seconds
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    used["machine"] = (sum(map(int, cpu)) - int(cpu[3]) - int(cpu[4])) / tick  # all but idle and iowait
    return used


def check_exactly_once(url: str, budget_id: int, users: list[int], last: list[str | None]) -> tuple[int, int]:
    """(lost, duplicates): each voter's stored ballot must carry their last acknowledged receipt."""
    engine = create_engine(url)
    with engine.connect() as c:
        stored = {p: h for p, h in c.execute(select(Ballot.pseudonym, Ballot.receipt_hash)
                                                  .where(Ballot.budget_id == budget_id))}
        ballots = c.scalar(select(func.count()).select_from(Ballot).where(Ballot.budget_id == budget_id))
        rolls = c.scalar(select(func.count()).select_from(VoterRoll).where(VoterRoll.budget_id == budget_id))
    engine.dispose()
    lost = sum(1 for user, code in zip(users, last) if code is not None and stored.get(
        ballot_pseudonym(KEYS["BALLOT_KEY"], budget_id, user)) != receipt_hash(code))
    voted = sum(1 for code in last if code is not None)
    return lost, max(0, ballots - voted) + max(0, rolls - voted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="use this (migrated or empty) database instead of a fresh one")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate baseline and Ashar this many times (seconds split between them)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    load_before = round(os.getloadavg()[0], 2)
    url, drop = (args.database_url, None) if args.database_url else create_database()
    try:
        runner.upgrade(url)
        ids = seed(url, args.clients)
        env = {"DATABASE_URL": url, "ASHAR_ENV": "production", "ASHAR_SEED_DEMO": "0", **KEYS}
        cookies = [f"ashar_session={session_cookie(u)}" for u in ids["users"]]
        a, b = ids["ashar"], ids["baseline"]
        database = url.rsplit("/", 1)[1].split("?")[0]

        # Both servers run side by side (the idle one costs nothing) and take turns under load, in
        # --rounds slices each: a burst of other work on the machine then hits both sides alike.
        servers = []
        try:
            base_port, ashar_port = free_port(), free_port()
            servers.append(start(["bench.baseline_app:create()"], base_port,
                                 {**env, "BASELINE_BUDGET": str(b["budget"]),
                                  "BASELINE_ENVELOPE": str(b["envelope"])}, "/"))
            servers.append(start(["app:create_app()"], ashar_port, env, "/healthz"))
            slices = {"base": [], "ashar": []}
            for turn in range(args.rounds):
                warmup = 2.0 if turn == 0 else 0.5
                slices["base"].append(load(
                    base_port, args.seconds / args.rounds, args.clients,
                    lambda rng: baseline_body(valid_choices(b["projects"], rng)), [""] * args.clients,
                    lambda data: data if '"baseline-out"' in data else None, servers[0].pid, database, warmup))
                slices["ashar"].append(load(
                    ashar_port, args.seconds / args.rounds, args.clients,
                    lambda rng: ashar_body(a["budget"], a["envelope"], valid_choices(a["projects"], rng)),
                    cookies, lambda data: (RECEIPT.search(data) or [None])[0], servers[1].pid, database, warmup))
        finally:
            for server in servers:
                stop(server)
        base, run = combined(slices["base"], args.seconds), combined(slices["ashar"], args.seconds)
        lost, duplicates = check_exactly_once(url, a["budget"], ids["users"], run["last"])
    finally:
        if drop:
            drop()
    lat = sorted(run["latencies"]) or [0.0]
    figures = {"ballots_per_s": round(run["per_s"], 1), "p50_ms": round(statistics.median(lat), 1),
               "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 1),
               "baseline_ballots_per_s": round(base["per_s"], 1), "errors": run["errors"] + base["errors"],
               "lost": lost, "duplicates": duplicates,
               "cpu_ms_per_ballot": run["cpu_ms"], "baseline_cpu_ms_per_ballot": base["cpu_ms"],
               "load_before": load_before}
    print(f"Ashar: {figures['ballots_per_s']}/s (p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms); "
          f"bare Dash + insert: {figures['baseline_ballots_per_s']}/s; ratio "
          f"{figures['ballots_per_s'] / max(figures['baseline_ballots_per_s'], 1e-9):.2f}; "
          f"errors {figures['errors']}, lost {lost}, duplicates {duplicates}; load before {load_before}")
    for name, cpu in (("Ashar", run["cpu_ms"]), ("bare", base["cpu_ms"])):
        print(f"{name} CPU ms per ballot: gunicorn {cpu['server']}, database {cpu['database']}, "
              f"load generator {cpu['client']}, whole machine {cpu['machine']}")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
