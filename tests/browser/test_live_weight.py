"""/live in chromium: the chart draws with the basic plotly bundle, a new ballot shows within
about 2 s, the page stays under 900 KB compressed, and pages without charts load no plotly."""
from __future__ import annotations

import time

import pytest

from tests import factories as f
from tests.ballot_rows import vote

pytestmark = pytest.mark.browser
LIVE_BUDGET_BYTES = 900 * 1024


def _record(page) -> list:
    """Every response the page receives, to add up what crossed the wire."""
    seen = []
    page.on("requestfinished", lambda request: seen.append(request))
    return seen


def _transferred(requests) -> int:
    """Encoded body plus headers of each response (compressed bytes as the network counts them)."""
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def test_live_chart_weight_and_freshness(live_server, browser_page):
    with live_server.session() as s:
        budget = f.budget(s, amount=1_000_000)
        env = f.envelope(s, budget)
        park = f.project(s, budget, env, cost=600_000, title_en="Park")
        f.project(s, budget, env, cost=300_000, title_en="Roof")
        vote(s, budget, env, f.user(s), [park])
        s.commit()
        ids = (budget.id, env.id, park.id)
    page = browser_page
    requests = _record(page)
    page.goto(live_server.url + "/live?lang=en")
    page.wait_for_selector("#live-votes .main-svg")  # plotly drew the bar chart
    page.wait_for_selector("#live-turnout-total:has-text('1 ballots')")
    page.wait_for_timeout(300)
    urls = [r.url for r in requests]
    assert any("plotly-basic-4.1.1.min.js" in u for u in urls)
    assert not any("plotly.min.js" in u and "basic" not in u for u in urls)
    weight = _transferred(requests)
    print(f"\n/live first visit: {len(requests)} requests, {weight / 1024:.0f} KB transferred")
    assert weight <= LIVE_BUDGET_BYTES

    with live_server.session() as s:
        from models import Budget, Envelope, Project

        vote(s, s.get(Budget, ids[0]), s.get(Envelope, ids[1]), f.user(s), [s.get(Project, ids[2])])
        s.commit()
        committed = time.monotonic()
    page.wait_for_selector("#live-turnout-total:has-text('2 ballots')", timeout=5000)
    seen_after = time.monotonic() - committed
    print(f"ballot on screen after {seen_after:.2f} s")
    assert seen_after <= 3.5  # 2 s refresh + ≤1 s cache + rendering


def test_pages_without_charts_load_no_plotly(live_server, browser_page):
    page = browser_page
    requests = _record(page)
    page.goto(live_server.url + "/?lang=en")
    page.wait_for_selector("#page-content *")
    page.wait_for_timeout(500)
    assert not any("plotly" in r.url and r.url.endswith(".js") and "plotly_basic.js" not in r.url
                   for r in requests)
    print(f"\n/ first visit: {_transferred(requests) / 1024:.0f} KB transferred")
