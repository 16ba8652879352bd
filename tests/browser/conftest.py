"""Browser fixtures: the real app on a loopback port, driven by Playwright in Debian's chromium.

Chromium is required in CI (CI=true); elsewhere a missing browser skips these tests with the reason.
Screenshots of failing tests land in `test-artifacts/`.
"""
from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import IN_CI, TEST_KEYS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the item, so fixtures can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run."""
    path = _chromium()
    if path is None:
        if IN_CI:
            pytest.fail("chromium is not installed (apt-get install chromium); browser tests are required in CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@dataclass
class LiveServer:
    """A running Ashar: its base URL and its Dash app (for direct database set-up)."""

    url: str
    app: object

    def session(self):
        """A new database session on the served app's database."""
        from models.db import session_factory

        return session_factory(self.app.server)()


@pytest.fixture
def live_server(tmp_path):
    """Ashar served by werkzeug on a free loopback port, on a fresh migrated SQLite database."""
    from werkzeug.serving import make_server

    from app import create_app
    from migrations import runner
    from models.db import engine_of

    url = f"sqlite:///{tmp_path / 'live.db'}"
    runner.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{httpd.server_port}", app)
    httpd.shutdown()
    engine_of(app.server).dispose()


@pytest.fixture
def browser_page(browser, request):
    """A fresh browser tab (own cookies); a failing test leaves a screenshot in test-artifacts/."""
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(15000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # tests assert no alert() ever fired
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
