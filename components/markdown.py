"""User Markdown, rendered inert: no raw HTML, and links only to http, https and mailto.

Any page showing a resident's description should use `user_markdown(text)`.
"""
from __future__ import annotations

import html
import re

from dash import dcc

ALLOWED_SCHEMES = ("http", "https", "mailto")
SAFE_URL = "#"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these inside a URL's scheme
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# `](destination` of inline links and images: <…> or a run without spaces (one level of parens).
_INLINE = re.compile(r"(\]\(\s*)(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)")
# `[label]: destination` reference definitions, anywhere (they may sit in quotes and lists).
_REFERENCE = re.compile(r"(\[[^\]]{1,999}\]:\s*)(<[^>\n]*>|\S+)")
# `<scheme:…>` autolinks.
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\x00-\x20]*)>")


def allowed_url(destination: str) -> bool:
    """Whether a link destination, decoded as a Markdown renderer and a browser would, is safe."""
    url = destination.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    url = html.unescape(_ESCAPED.sub(r"\1", url))
    url = _CONTROL.sub("", url).lower()
    match = _SCHEME.match(url)
    return match is None or match.group(1) in ALLOWED_SCHEMES


def _inline(match: re.Match) -> str:
    return match.group(1) + (match.group(2) if allowed_url(match.group(2)) else SAFE_URL)


def _autolink(match: re.Match) -> str:
    if allowed_url(match.group(1)):
        return match.group(0)
    return "&lt;" + match.group(1).replace("&", "&amp;") + "&gt;"  # shown as text, not a link


def safe_markdown(text: str) -> str:
    """`text` with every link or image whose scheme is not allowed pointed at `#`."""
    text = _INLINE.sub(_inline, text or "")
    text = _REFERENCE.sub(_inline, text)
    return _AUTOLINK.sub(_autolink, text)


def user_markdown(text: str, **props) -> dcc.Markdown:
    """A resident's text as Markdown: raw HTML stays text, unsafe links are neutralised."""
    return dcc.Markdown(safe_markdown(text), dangerously_allow_html=False, link_target="_blank",
                        **props)
