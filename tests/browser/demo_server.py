"""Osh's demo served once per test module, and logging in through the real login form.

Seeding the demo (2,150 residents, three cycles, ballots) takes seconds, so modules that only
read it, or add their own rows, share one server: `demo_server`. Logins are done once per
module and handed to tests as Playwright storage states (a TOTP code works only once).
"""
from __future__ import annotations

import re
import threading

import pyotp
import pytest

from tests.browser.conftest import CHROMIUM_FLAGS, LiveServer  # noqa: F401 (re-used by tests)
from tests.conftest import TEST_KEYS

PASSWORD = "ashar-demo-2026"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Ashar on a free loopback port with the Osh demo seeded; `.accounts` by role label."""
    from werkzeug.serving import make_server

    from app import create_app
    from migrations import runner
    from models.db import engine_of
    from services.demo import seed_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    runner.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    server = LiveServer("", app)
    with server.session() as s:
        accounts = seed_demo(s, census_key=TEST_KEYS["CENSUS_KEY"], ballot_key=TEST_KEYS["BALLOT_KEY"])
        s.commit()
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{httpd.server_port}"
    server.accounts = {a["role"]: a for a in accounts}
    yield server
    httpd.shutdown()
    engine_of(app.server).dispose()


def log_in(page, base: str, account: dict, lang: str = "en", password: str = PASSWORD) -> None:
    """Through /login as a person would: contact, password, then the authenticator's code."""
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#login-contact", account["login"])
    page.fill("#login-password", password)
    page.click("#login-submit")
    if account.get("totp_secret"):
        page.wait_for_selector("#login-code", state="visible")
        page.fill("#login-code", pyotp.TOTP(account["totp_secret"]).now())
        page.click("#login-code-submit")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"), timeout=20000)
    page.wait_for_selector("#page-content > *")


@pytest.fixture(scope="module")
def logged_in_states(browser, demo_server):
    """`states(label)`: a Playwright storage state of the demo account `label`, logged in once."""
    states: dict[str, dict] = {}

    def state(label: str) -> dict:
        if label not in states:
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(20000)
            log_in(page, demo_server.url, demo_server.accounts[label])
            states[label] = context.storage_state()
            context.close()
        return states[label]

    return state


def phone_page(browser, state: dict | None = None):
    """A phone-sized tab with its own cookies (optionally logged in)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=state)
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page
