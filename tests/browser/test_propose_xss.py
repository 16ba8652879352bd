"""A resident submits a proposal full of XSS payloads in a real chromium: nothing runs, nothing is injected."""
import time

import pytest

from security import SESSION_AUTH_AT, SESSION_MFA
from tests import factories as f

pytestmark = pytest.mark.browser

# One payload per paragraph, so the Markdown links really are parsed as links.
CORPUS = "\n\n".join(["**still bold**", "[click me](javascript:alert(1))", "[x](&#106;avascript:alert(1))",
                      "<javascript:alert(1)>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                      "\"><svg onload=alert(1)>", "<iframe src=javascript:alert(1)></iframe>"])
INJECTED = "script:not([src]), img[onerror], svg[onload], iframe, a[href^='javascript' i]"


def _log_in(live_server, page, user) -> None:
    """Hand the browser the signed session cookie a finished login would set."""
    from flask_login.utils import _create_identifier

    server = live_server.app.server
    agent = page.evaluate("navigator.userAgent")
    # Strong session protection binds the session to the client's address and browser.
    with server.test_request_context(headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = _create_identifier()
    cookie = server.session_interface.get_signing_serializer(server).dumps({
        "_user_id": user.get_id(), "_fresh": True, "_id": identifier, SESSION_MFA: False,
        SESSION_AUTH_AT: time.time()})
    page.context.add_cookies([{"name": "ashar_session", "value": cookie, "url": live_server.url}])


def _injected(page) -> list[str]:
    return page.eval_on_selector_all(
        INJECTED, "els => els.filter(e => e.tagName !== 'SCRIPT' || /alert/.test(e.textContent))"
                  ".map(e => e.outerHTML)")


def test_payloads_in_a_proposal_stay_text(live_server, browser_page):
    session = live_server.session()
    budget = f.budget(session, phase="proposals")
    f.envelope(session, budget, amount=5_000_000)
    user = f.user(session, district_id=f.district(session).id)
    session.commit()
    page = browser_page
    page.goto(live_server.url + "/?lang=en")
    _log_in(live_server, page, user)
    page.goto(live_server.url + "/propose")
    page.fill("#propose-title", "T <img src=x onerror=alert(1)>")
    page.fill("#propose-description", CORPUS)
    page.fill("#propose-cost", "500000")
    page.fill("#propose-address", "\"><svg onload=alert(1)>")
    page.click("#propose-submit")
    page.wait_for_selector("#propose-message .alert-success")
    page.wait_for_selector("#propose-preview strong")  # the Markdown preview rendered
    assert page.eval_on_selector_all("#propose-preview a", "els => els.map(e => e.getAttribute('href'))") == ["#", "#"]
    assert _injected(page) == []
    page.reload()
    page.wait_for_selector("#propose-mine li")
    assert "T <img src=x onerror=alert(1)>" in page.inner_text("#propose-mine")
    assert "\"><svg onload=alert(1)>" in page.inner_text("#propose-open")
    session.expire_all()
    from models import Project

    project_id = session.query(Project).one().id
    session.close()
    page.goto(f"{live_server.url}/projects/{project_id}")
    page.wait_for_selector("h1")
    assert "<script>alert(1)</script>" in page.inner_text("#page-content")
    assert _injected(page) == []
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.dialogs == []
