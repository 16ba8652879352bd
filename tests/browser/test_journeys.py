"""Whole journeys in chromium on Osh's demo, as people take them, one phone-sized tab each.

Assertions follow what a person sees: the page's language (`<html lang>`), green or red
notices (`.alert-success`), the receipt code, the file that arrives. Kyrgyz and Russian
journeys assert on structure, not on words, so they hold before and after the catalogs are
filled. Each step leaves a screenshot in test-artifacts/ when the journey fails.
"""
from __future__ import annotations

import csv
import re

import pyotp
import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.demo_server import demo_server, log_in, logged_in_states, phone_page  # noqa: F401

pytestmark = pytest.mark.browser


class Steps:
    """Numbered screenshots of a journey, written out only if it fails."""

    def __init__(self, page, name: str):
        self.page, self.name, self.shots = page, name, []

    def __call__(self, label: str) -> None:
        self.shots.append((label, self.page.screenshot(full_page=True)))

    def save(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        for n, (label, png) in enumerate(self.shots, start=1):
            (ARTIFACTS / f"{self.name}-{n:02d}-{label}.png").write_bytes(png)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-last.png"), full_page=True)


@pytest.fixture
def journey(browser, request):
    """(page, steps): a fresh phone tab; its steps are saved when the test fails."""
    context, page = phone_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    steps = Steps(page, request.node.name)
    yield page, steps
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        steps.save()
    context.close()
    assert dialogs == [], dialogs


def census_row(number: int) -> dict[str, str]:
    """Row `number` (1-based) of the demo census roll, in clear text as shipped."""
    from services.demo import CENSUS_CSV

    with CENSUS_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[number - 1]


def latest_code(server, destination: str) -> str:
    """The one-time code the console sender last 'sent' to `destination`."""
    from sqlalchemy import select

    from models import OutboxMessage

    with server.session() as s:
        body = s.scalar(select(OutboxMessage.body).where(OutboxMessage.destination == destination)
                        .order_by(OutboxMessage.id.desc()))
    return re.search(r"\b(\d{6})\b", body).group(1)


def expect_lang(page, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang


def test_resident_registers_verifies_votes_and_finds_receipt_in_kyrgyz(demo_server, journey):
    page, step = journey
    base, email, password = demo_server.url, "aibek.journey@example.kg", "toktogul-1234"
    page.goto(f"{base}/register?lang=ky")
    expect_lang(page, "ky")
    page.fill("#register-contact", email)
    page.fill("#register-name", "Айбек Журналиев")
    page.fill("#register-password", password)
    step("register-form")
    page.click("#register-submit")
    page.wait_for_selector("#register-message .alert-success")
    code = latest_code(demo_server, email)

    log_in(page, base, {"login": email}, lang="ky", password=password)
    page.goto(f"{base}/account?lang=ky")
    expect_lang(page, "ky")
    page.fill("#account-code", code)
    page.click("#account-code-submit")
    page.wait_for_selector("#account-code-message .alert-success")
    row = census_row(1)  # the demo's unverified resident has not claimed it
    page.fill("#account-census-pin", row["personal_number"])
    page.fill("#account-census-birth", row["birth_date"])
    step("census")
    page.click("#account-census-submit")
    page.wait_for_selector("#account-census-message .alert-success")

    page.goto(f"{base}/vote?lang=ky")
    expect_lang(page, "ky")
    boxes = page.locator("#vote-choose input[type=checkbox]:not([disabled])")
    boxes.first.wait_for()
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert "сом" in page.inner_text("[id*='vote-total']")  # the running total, in som
    step("ballot")
    page.click("#vote-review")
    page.wait_for_selector("#vote-review-pane:not([hidden]) li")
    page.click("#vote-submit")
    receipt = page.wait_for_selector("#vote-receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{8,}", receipt), receipt
    step("receipt")

    page.click("#vote-done a[href^='/receipts']")
    page.wait_for_selector("#receipts-code")
    expect_lang(page, "ky")
    page.fill("#receipts-code", receipt)
    page.click("#receipts-find")
    page.wait_for_selector("#receipts-result .alert-success")
    step("bulletin")


def test_moderator_logs_in_with_totp_and_records_a_paper_ballot(demo_server, journey):
    page, step = journey
    moderator = demo_server.accounts["moderator"]
    page.goto(f"{demo_server.url}/login?lang=en")
    page.fill("#login-contact", moderator["login"])
    page.fill("#login-password", "ashar-demo-2026")
    page.click("#login-submit")
    page.wait_for_selector("#login-code", state="visible")  # the second factor is asked for
    step("second-factor")
    page.fill("#login-code", pyotp.TOTP(moderator["totp_secret"]).now())
    page.click("#login-code-submit")
    page.wait_for_url(re.compile(r".*/admin.*"))
    page.goto(f"{demo_server.url}/admin/paper?lang=en")
    page.wait_for_selector("#paper-number")
    numbers = page.locator("#page-content table tbody tr td:first-child").all_inner_texts()
    assert len(numbers) >= 2
    row = census_row(20)  # a resident of the roll who has not voted
    page.fill("#paper-number", row["personal_number"])
    page.fill("#paper-birth", row["birth_date"])
    page.fill("#paper-choices", numbers[0])
    step("paper-form")
    page.click("#paper-submit")
    page.wait_for_selector("#paper-message .alert-success")
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.inner_text("#paper-message"))
    page.click("#paper-submit")  # the same paper ballot again: refused, not counted twice
    page.wait_for_selector("#paper-message .alert-danger, #paper-message .alert-success")
    step("after-second-submit")


def test_observer_sees_live_tally_change_after_a_vote_in_russian(demo_server, journey, logged_in_states,
                                                                 browser):
    from sqlalchemy import select

    from models import Budget, Envelope, Project
    from tests import factories as f
    from tests.ballot_rows import vote

    context, page = phone_page(browser, logged_in_states("observer"))
    try:
        page.goto(f"{demo_server.url}/live?lang=ru")
        expect_lang(page, "ru")
        total = page.locator("#live-turnout-total")
        page.wait_for_selector("#live-turnout-total:not(:empty)")
        page.wait_for_selector("#live-votes .main-svg")
        before = total.inner_text()
        with demo_server.session() as s:
            budget = s.scalar(select(Budget).where(Budget.phase == "voting"))
            envelope = s.scalar(select(Envelope).where(Envelope.budget_id == budget.id,
                                                       Envelope.district_id.is_(None)))
            project = s.scalar(select(Project).where(Project.envelope_id == envelope.id,
                                                     Project.status == "accepted"))
            vote(s, budget, envelope, f.user(s, email="live.journey@example.kg"), [project])
            s.commit()
        page.wait_for_function("([el, was]) => el.innerText !== was",
                               arg=[total.element_handle(), before], timeout=8000)
        assert _first_number(total.inner_text()) == _first_number(before) + 1
        expect_lang(page, "ru")
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "observer-live-last.png"), full_page=True)
        raise
    finally:
        context.close()


def _first_number(text: str) -> int:
    """The first number in `text`, whatever the language's thousands separator."""
    return int(re.sub(r"\D", "", re.search(r"\d[\d\s\u00a0\u202f,.]*", text).group(0)))


def test_visitor_downloads_the_published_pb_and_it_parses(demo_server, journey, tmp_path):
    from voting.pabulib import read_pabulib

    page, step = journey
    page.goto(f"{demo_server.url}/results?lang=en")
    link = page.locator("a[href*='export.pb']").first
    link.wait_for()
    step("results")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = tmp_path / (download.suggested_filename or "ballots.pb")
    download.save_as(path)
    assert path.stat().st_size > 0
    election = read_pabulib(path)
    assert len(election.projects) >= 5 and len(election.ballots) >= 100
    digest = page.locator("a[href*='export.pb'] ~ small code").first.inner_text()
    import hashlib

    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest.strip()  # the page's checksum holds


def test_language_switch_keeps_the_page(demo_server, journey):
    page, step = journey
    page.goto(f"{demo_server.url}/action-plan?lang=en")
    page.wait_for_selector("#page-content h1")
    page.click("a.lang-link[hreflang=ru]")
    page.wait_for_url(re.compile(r".*/action-plan\?lang=ru$"))
    page.wait_for_selector("#page-content h1")
    expect_lang(page, "ru")
    assert page.locator("a.lang-link[hreflang=ru]").get_attribute("aria-current") == "true"
