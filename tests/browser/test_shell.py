"""The page frame works in a real browser: it renders, switches language and runs under our CSP."""
import pytest

pytestmark = pytest.mark.browser


def test_home_renders_and_language_switch_sticks(live_server, browser_page):
    page = browser_page
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/?lang=en")
    page.wait_for_selector("#page-content *")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + "/projects?lang=ru")
    page.wait_for_selector("#page-content *")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto(live_server.url + "/action-plan")  # no ?lang: the cookie remembers Russian
    assert page.locator("html").get_attribute("lang") == "ru"
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert page.dialogs == []
