"""Residents' Markdown keeps its formatting but loses every link that could run code."""
import re

import pytest

from components.markdown import allowed_url, safe_markdown, user_markdown

DANGEROUS = [
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&colon;alert(1))",
    "[click](java&#9;script:alert(1))",
    "[click](\njavascript:alert(1))",
    "![img](javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][r]\n\n[r]: javascript:alert(1)",
    "> [click][r]\n>\n> [r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[click](javascript:alert((1)))",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_unsafe_links_are_neutralised(text):
    out = safe_markdown(text)
    assert out != text
    # What remains is either a link to "#" or the URL shown as escaped text.
    assert re.search(r"\]\(\s*#|\]:\s*#", out) or out.startswith("&lt;javascript")
    assert safe_markdown(out) == out  # nothing unsafe is left to neutralise


@pytest.mark.parametrize("text", ["[site](https://osh.kg/parks)", "[mail](mailto:info@osh.kg)",
                                  "[here](/projects/3)", "<https://osh.kg>", "**bold** and _it_"])
def test_safe_markdown_is_kept_as_written(text):
    assert safe_markdown(text) == text


@pytest.mark.parametrize("url, ok", [("https://x", True), ("HTTP://x", True), ("mailto:a@b", True),
                                     ("/local", True), ("#top", True), ("javascript:x", False),
                                     ("  java\nscript:x", False), ("file:///etc/passwd", False)])
def test_allowed_url(url, ok):
    assert allowed_url(url) is ok


def test_user_markdown_never_allows_html():
    component = user_markdown("<script>alert(1)</script>")
    assert component.dangerously_allow_html is False
