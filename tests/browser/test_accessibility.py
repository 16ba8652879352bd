"""WCAG 2.1 AA in chromium: axe-core finds no serious or critical violation on any page a visitor,
resident or observer opens, with Osh's demo loaded; voting works with the keyboard alone.

axe-core comes from the `axe-playwright-python` package (its `axe.min.js`); it is evaluated
with `page.evaluate`, which runs as the browser's own script and so is not stopped by our CSP.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.demo_server import demo_server, logged_in_states, phone_page  # noqa: F401

pytestmark = pytest.mark.browser
SEVERE = {"serious", "critical"}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = ["/", "/projects", "/projects/{project}", "/vote", "/live", "/results", "/action-plan",
         "/receipts", "/login", "/register", "/account", "/propose"]
# What must be on screen before the page is judged (data arriving after the first render).
READY = {"/live": "#live-turnout-total:not(:empty)", "/results": "#results-districts-table table",
         "/vote": "#page-content h1"}


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def severe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                            WCAG_AA)
    assert results["passes"], "axe ran no check at all"
    return [f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"] if v["impact"] in SEVERE]


@pytest.fixture(scope="module")
def project_id(demo_server):
    """A project on the ballot of the cycle in voting."""
    from sqlalchemy import select

    from models import Budget, Project

    with demo_server.session() as s:
        budget = s.scalar(select(Budget).where(Budget.phase == "voting"))
        return s.scalar(select(Project.id).where(Project.budget_id == budget.id,
                                                 Project.status == "accepted").order_by(Project.id))


def open_page(browser, demo_server, state, path, lang, request):
    context, page = phone_page(browser, state)
    page.goto(f"{demo_server.url}{path}?lang={lang}")
    page.wait_for_selector("#page-content > *")
    page.wait_for_selector(READY.get(path.split("?")[0], "#page-content > *"), state="attached")
    page.wait_for_load_state("networkidle")
    return context, page


def check_page(browser, demo_server, state, path, lang, request):
    context, page = open_page(browser, demo_server, state, path, lang, request)
    try:
        assert page.locator("html").get_attribute("lang") == lang
        problems = severe_violations(page)
        if problems:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"axe-{request.node.name}.png"), full_page=True)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_visitor_pages_have_no_severe_violations(browser, demo_server, project_id, path, request):
    check_page(browser, demo_server, None, path.format(project=project_id), "ky", request)


@pytest.mark.parametrize("path", PAGES)
def test_resident_pages_have_no_severe_violations(browser, demo_server, logged_in_states, project_id,
                                                  path, request):
    check_page(browser, demo_server, logged_in_states("resident"), path.format(project=project_id),
               "ru", request)


@pytest.mark.parametrize("path", ["/live", "/results", "/admin", "/admin/audit", "/account"])
def test_observer_pages_have_no_severe_violations(browser, demo_server, logged_in_states, path, request):
    check_page(browser, demo_server, logged_in_states("observer"), path, "en", request)


def test_axe_check_catches_a_broken_page(browser, demo_server, request):
    """The check itself: an unlabelled input and an image without text are reported."""
    context, page = open_page(browser, demo_server, None, "/", "en", request)
    try:
        page.evaluate("""() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<input type="text"><a href="/x"><img src="/x.png"></a>');
        }""")
        problems = "\n".join(severe_violations(page))
        assert "label" in problems and "link-name" in problems
    finally:
        context.close()


def test_every_input_has_a_label_and_focus_is_visible(browser, demo_server, logged_in_states, request):
    """On the ballot and the account page each field names itself, and Tab shows where you are."""
    for path in ("/vote", "/account", "/propose", "/login", "/register"):
        state = None if path in ("/login", "/register") else logged_in_states("resident")
        context, page = open_page(browser, demo_server, state, path, "en", request)
        try:
            unnamed = page.evaluate("""() => [...document.querySelectorAll(
                    'input:not([type=hidden]), select, textarea')]
                .filter(e => e.offsetParent !== null)
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                             && !e.getAttribute('aria-labelledby'))
                .map(e => e.id || e.name || e.outerHTML.slice(0, 80))""")
            assert unnamed == [], f"{path}: inputs without a label: {unnamed}"
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            outline = page.evaluate("""() => {
                const e = document.activeElement, s = getComputedStyle(e);
                return {tag: e.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        shadow: s.boxShadow !== 'none'};
            }""")
            assert outline["tag"] != "BODY", f"{path}: Tab reached nothing"
            assert outline["outline"] or outline["shadow"], f"{path}: no visible focus on {outline}"
        finally:
            context.close()


def test_knapsack_ballot_with_the_keyboard_alone(browser, demo_server, logged_in_states, request):
    """Tab to projects, Space to choose, Tab to the buttons and Enter: the receipt appears."""
    context, page = phone_page(browser, logged_in_states("resident"))
    try:
        page.goto(f"{demo_server.url}/vote?lang=en")
        page.wait_for_selector("#vote-choose")
        chosen = 0
        for _ in range(80):  # walk the page with Tab, choosing the first projects that fit
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const e = document.activeElement;
                return {type: e.type || '', id: e.id || '', checked: !!e.checked, disabled: !!e.disabled}; }""")
            if focused["type"] == "checkbox" and not focused["checked"] and chosen < 2:
                page.keyboard.press("Space")
                page.wait_for_timeout(150)
                if page.evaluate("() => document.activeElement.checked"):
                    chosen += 1
            if focused["id"] == "vote-review":
                break
        assert chosen == 2, "Space did not tick two projects"
        assert "of" in page.inner_text("[id*='vote-total']")  # the running total spoke
        assert page.evaluate("() => document.activeElement.id") == "vote-review"
        page.keyboard.press("Enter")  # "Review my ballot"
        page.wait_for_selector("#vote-review-pane:not([hidden])")
        for _ in range(30):
            if page.evaluate("() => document.activeElement.id") == "vote-submit":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "vote-submit"
        page.keyboard.press("Enter")
        code = page.wait_for_selector("#vote-receipt-code", timeout=20000).inner_text()
        assert len(code.replace("-", "").strip()) >= 8  # the receipt, shown once
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        raise
    finally:
        context.close()
