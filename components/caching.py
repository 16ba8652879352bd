"""HTTP caching and the strongest compression for static files: phones on mobile data pay once.

Fingerprinted files (Dash's component bundles `name.v4_4_1m1795958044.js`, assets carrying
`?m=`/`?v=`, vendored files with their version in the name) never change under their URL, so
they are cached for a year and marked immutable. Other static files are cached for a day.
Pages, the layout and callback answers depend on who asks and in which language: `private,
no-cache`.

Static files are also compressed once per process with brotli at its best quality (about 17 %
smaller than Flask-Compress's per-request level 4) and kept in memory; everything else is left
to Flask-Compress. Registered after Dash, so this runs before Flask-Compress's hook, which then
sees `Content-Encoding` set and leaves the response alone.
"""
from __future__ import annotations

import re

import brotli
from dash.fingerprint import check_fingerprint
from flask import Flask, request

YEAR = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
DYNAMIC = "private, no-cache"
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/vendor/", "/_favicon.ico")
VERSIONED_NAME = re.compile(r"-\d+\.\d+\.\d+(\.min)?\.(js|css)$")  # plotly-basic-4.1.1.min.js
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json",
                "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon"}
BEST, LARGE = 11, 9  # brotli quality; quality 11 takes ~3 s on plotly's 1.2 MB, 9 takes 0.1 s
LARGE_BYTES = 600_000
CACHE = "ashar_static_brotli"


def init_app(server: Flask) -> None:
    """Set Cache-Control on every response and serve static files brotli-compressed at best."""
    server.extensions[CACHE] = {}
    server.after_request(_cache_and_compress)


def is_static(path: str) -> bool:
    """Whether `path` is a file served as it is stored (bundles, assets, vendored CSS)."""
    return path.startswith(STATIC_PREFIXES)


def is_fingerprinted(path: str, args) -> bool:
    """Whether the URL changes whenever the file does, so the file may be cached for ever."""
    return (check_fingerprint(path)[1] or "m" in args or "v" in args
            or bool(VERSIONED_NAME.search(path)))


def cache_control(path: str, args) -> str:
    """The Cache-Control value a response at `path` (with query `args`) should carry."""
    if not is_static(path):
        return DYNAMIC
    return YEAR if is_fingerprinted(path, args) else DAY


def _cache_and_compress(response):
    path = request.path
    if is_static(path):
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = cache_control(path, request.args)
        if response.status_code == 200:
            _compress_static(response, path)
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = DYNAMIC
    return response


def _accepts_brotli() -> bool:
    return any(part.split(";")[0].strip() == "br"
               and not part.replace(" ", "").endswith(";q=0")
               for part in request.headers.get("Accept-Encoding", "").split(","))


def _compress_static(response, path: str) -> None:
    """Replace the body by its cached brotli encoding when the client takes it."""
    if (not _accepts_brotli() or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers):
        return
    response.direct_passthrough = False
    etag, weak = response.get_etag()
    cache = response_cache()
    key = (path, request.query_string.decode("latin-1"), etag or "")
    # A fingerprinted URL names one content for ever; otherwise the validator must name it.
    keep = bool(etag) or is_fingerprinted(path, request.args)
    body = cache.get(key) if keep else None
    if body is None:
        data = response.get_data()
        body = brotli.compress(data, quality=LARGE if len(data) > LARGE_BYTES else BEST)
        if keep:
            cache[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "br"
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept-Encoding"
    if etag and not weak:
        response.set_etag(f"{etag}:br")


def response_cache() -> dict:
    """This process's compressed static files (derived from files on disk, never app data)."""
    from flask import current_app

    return current_app.extensions[CACHE]
