"""What each page costs a phone on first visit: compressed bytes over the wire and load time.

    python bench/pageweight.py [--json] [--base-url URL] [--no-slow]

Loads every page in Debian's chromium through Playwright, each in a fresh browser context (empty
cache, own cookies), and adds up the bytes the network layer received for every response
(CDP `Network.loadingFinished.encodedDataLength`: headers plus compressed body, as transferred).
Load time runs from navigation to the page's content being drawn (charts included) with the
network quiet. Each page is loaded twice: at full loopback speed and under a slow-3G profile
(CDP `Network.emulateNetworkConditions`: 400 kbit/s down, 400 kbit/s up, 400 ms round trip).

Without --base-url the demo app is started on a free loopback port with a scratch SQLite
database (seeded: about 20 s). `/vote` is measured anonymously and logged in as the demo's
verified resident, whose ballot is the heavier page. Budgets (KB, compressed): `/` and `/vote`
350, `/live` and `/results` 900; the exit status is 1 when one is exceeded.
With --json the last line printed is one JSON object with every figure.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESIDENT = ("resident@ashar.example.org", "ashar-demo-2026")  # printed by every demo start
PAGES = ["/", "/projects", "/vote", "/vote#resident", "/live", "/results", "/action-plan",
         "/receipts", "/login"]
BUDGETS_KB = {"/": 350, "/vote": 350, "/vote#resident": 350, "/live": 900, "/results": 900}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
           "uploadThroughput": 400 * 1000 / 8}
CHARTED = {"/live", "/results"}  # pages whose figures must be drawn before the page counts as loaded


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(folder: str) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free port with a scratch database; wait until it answers."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/ashar.db", "PORT": str(port),
           "HOST": "127.0.0.1"}
    log = open(Path(folder) / "app.log", "wb")
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the demo app exited; see {folder}/app.log")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("the demo app did not answer within 180 s")


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    return path


def resident_state(browser, base: str) -> dict:
    """Cookies of a logged-in demo resident, taken from a throwaway context."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/login?lang=en")
    page.fill("#login-contact", RESIDENT[0])
    page.fill("#login-password", RESIDENT[1])
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url, timeout=20000)
    state = context.storage_state()
    context.close()
    return state


def measure(browser, base: str, path: str, slow: bool, state: dict | None) -> dict:
    """Load `path` once in a fresh context; bytes as transferred and seconds until drawn."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    received: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    timeout = 180_000 if slow else 30_000
    started = time.monotonic()
    page.goto(base + path.split("#")[0], timeout=timeout)
    page.wait_for_selector("#page-content > *", timeout=timeout)
    if path in CHARTED:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    seconds = time.monotonic() - started - 0.5  # networkidle waits 500 ms of quiet
    page.wait_for_timeout(300)  # let the last loadingFinished events arrive
    heaviest = sorted(((size, urls.get(rid, "?")) for rid, size in received.items()), reverse=True)[:5]
    context.close()
    return {"bytes": int(sum(received.values())), "requests": len(received),
            "seconds": round(seconds, 2),
            "heaviest": [{"url": u.replace(base, ""), "bytes": int(b)} for b, u in heaviest]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure this running app instead of starting the demo")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--no-slow", action="store_true", help="skip the slow-3G loads")
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    process, folder = None, tempfile.mkdtemp(prefix="ashar-pageweight-")
    try:
        base = args.base_url.rstrip("/") if args.base_url else None
        if base is None:
            process, base = start_demo(folder)
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
            state = resident_state(browser, base) if any("#resident" in p for p in args.pages) else None
            for path in args.pages:
                own = state if "#resident" in path else None
                row = {"normal": measure(browser, base, path, False, own)}
                if not args.no_slow:
                    row["slow3g"] = measure(browser, base, path, True, own)
                row["budget_kb"] = BUDGETS_KB.get(path)
                row["within_budget"] = (row["budget_kb"] is None
                                        or row["normal"]["bytes"] <= row["budget_kb"] * 1024)
                results[path] = row
                slow = row.get("slow3g", {}).get("seconds")
                print(f"{path:16} {row['normal']['bytes'] / 1024:7.0f} KB  {row['normal']['requests']:3} req"
                      f"  {row['normal']['seconds']:5.2f} s" + (f"  slow-3G {slow:6.1f} s" if slow else "")
                      + (f"  budget {row['budget_kb']} KB {'ok' if row['within_budget'] else 'OVER'}"
                         if row["budget_kb"] else ""), flush=True)
            browser.close()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps({"base_url": base, "slow3g": SLOW_3G, "pages": results}))
    return 0 if all(r["within_budget"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
