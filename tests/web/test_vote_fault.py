"""The database goes away mid-submit: the voter is told, nothing partial is stored, the app recovers.

Runs its own throwaway PostgreSQL server (never the shared one): initdb into a temp dir owned by
the `postgres` OS user, started and restarted with pg_ctl on a free loopback port.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile

import pytest
from sqlalchemy import create_engine, func, select

from models import Ballot, BallotItem, VoterRoll
from tests import factories as f
from tests.conftest import IN_CI, TEST_KEYS
from tests.helpers import DashClient, login
from tests.web.test_vote import submit, text_of


def _binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found and shutil.which("runuser") and os.geteuid() == 0:
        return os.path.dirname(found[-1])
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """A private PostgreSQL server for tests that stop and restart it."""

    def __init__(self, bindir: str):
        self.bindir, self.port = bindir, _free_port()
        self.dir = tempfile.mkdtemp(prefix="ashar-pg-")
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", os.path.join(self.bindir, tool), *args],
                       check=True, capture_output=True, timeout=120)

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-w", "-l", os.path.join(self.dir, "log"),
                  action, *extra)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")  # fast: every open connection is cut, as in a crash/failover

    def remove(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def pg_server():
    bindir = _binaries()
    if bindir is None:
        reason = "PostgreSQL server binaries (and root for runuser) are needed for the restart test"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    server = ThrowawayPostgres(bindir)
    server.start()
    yield server
    server.remove()


def stored(url: str) -> tuple[int, int, int]:
    engine = create_engine(url)
    with engine.connect() as c:
        result = tuple(c.scalar(select(func.count()).select_from(m)) for m in (VoterRoll, Ballot, BallotItem))
    engine.dispose()
    return result


def test_a_database_restart_mid_submit_is_reported_and_recovered(pg_server, monkeypatch):
    from app import create_app
    from migrations import runner
    from models.db import engine_of, session_factory
    from services import ballots

    runner.upgrade(pg_server.url)
    app = create_app({"DATABASE_URL": pg_server.url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    with session_factory(app.server)() as session:
        district = f.district(session)
        budget = f.budget(session)
        city = f.envelope(session, budget)
        project = f.project(session, budget, city)
        voter = f.user(session, district_id=district.id)
        session.commit()
        ids = (budget.id, city.id, project.id)
    client = DashClient(app.server.test_client())
    login(client, voter)

    original = ballots._checked

    def check_then_restart(*args, **kwargs):
        checked = original(*args, **kwargs)
        pg_server.restart()  # the checks have run; the writes meet a server that dropped us
        return checked

    monkeypatch.setattr(ballots, "_checked", check_then_restart)
    response = submit(client, ids[0], {ids[1]: [ids[2]]})
    assert response.status_code == 200
    assert "NOT recorded" in text_of(response) and "try again" in text_of(response)
    assert stored(pg_server.url) == (0, 0, 0), "nothing partial may be stored"

    monkeypatch.setattr(ballots, "_checked", original)
    retry = submit(client, ids[0], {ids[1]: [ids[2]]}, key="r" * 24)  # the pool replaces dead connections
    assert "Your ballot is recorded" in text_of(retry)
    assert stored(pg_server.url) == (1, 1, 1)
    assert json.loads(client.get("/healthz").data)["database"] == "ok"
    engine_of(app.server).dispose()


def test_a_restart_while_idle_costs_no_request(pg_server):
    """Pooled connections idle past IDLE_BEFORE_PING are pinged on checkout, so after a restart
    between requests the next page works at once instead of meeting a dead connection."""
    import time

    from app import create_app
    from migrations import runner
    from models.db import IDLE_BEFORE_PING, engine_of

    runner.upgrade(pg_server.url)
    app = create_app({"DATABASE_URL": pg_server.url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    client = app.server.test_client()
    assert json.loads(client.get("/healthz").data)["database"] == "ok"  # a pooled connection now exists
    pg_server.restart()
    time.sleep(IDLE_BEFORE_PING + 0.1)
    response = client.get("/healthz")
    assert response.status_code == 200 and json.loads(response.data)["database"] == "ok"
    engine_of(app.server).dispose()
