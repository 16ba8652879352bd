"""What a phone on mobile data receives: compressed bundles and answers, long caching for
files that never change under their URL, no shared caching of pages that name the reader."""
from __future__ import annotations

import re

import brotli
import pytest

from components.caching import YEAR

ACCEPT = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def index(client):
    return client.get("/?lang=en", headers=ACCEPT)


def page_html(client) -> str:
    return client.get("/?lang=en").get_data(as_text=True)  # uncompressed: no Accept-Encoding


def script_urls(client) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', page_html(client))


def test_dash_bundles_are_brotli_and_cached_for_a_year(client, index):
    bundles = [u for u in script_urls(client) if u.startswith("/_dash-component-suites/")]
    assert any("dash_renderer" in u for u in bundles) and any("dash_bootstrap" in u for u in bundles)
    for url in bundles:
        response = client.get(url, headers=ACCEPT)
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == "br", url
        assert response.headers["Cache-Control"] == YEAR, url
        body = brotli.decompress(response.get_data())
        if len(body) > 50_000:  # the big bundles shrink 3-5 times
            assert len(response.get_data()) < len(body) / 3, url
    second = client.get(bundles[0], headers=ACCEPT)
    assert second.get_data() == client.get(bundles[0], headers=ACCEPT).get_data()


def test_fingerprinted_assets_cached_long_others_briefly(client, index):
    html = page_html(client)
    css = re.search(r'href="(/assets/ashar\.css\?m=[^"]+)"', html).group(1)
    assert client.get(css, headers=ACCEPT).headers["Cache-Control"] == YEAR
    plain = client.get("/assets/ashar.css", headers=ACCEPT)
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "public, max-age=86400"
    assert plain.headers["Content-Encoding"] == "br"
    bootstrap = client.get("/vendor/bootstrap.min.css", headers=ACCEPT)
    assert bootstrap.headers["Content-Encoding"] == "br"
    assert "max-age=86400" in bootstrap.headers["Cache-Control"]


def test_pages_and_callbacks_are_compressed_and_never_shared(client, index):
    assert index.headers["Content-Encoding"] in ("br", "zstd", "gzip")
    assert index.headers["Cache-Control"] == "private, no-cache"
    response = client.callback([("page-content", "children")],
                               [("url", "pathname", "/projects"), ("url", "search", "")],
                               headers=ACCEPT)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] in ("br", "zstd", "gzip")
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_client_without_brotli_still_gets_gzip(client, index):
    url = next(u for u in script_urls(client) if "dash_renderer" in u)
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == YEAR
