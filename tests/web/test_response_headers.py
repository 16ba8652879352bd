"""Security headers: pages carry the content policy; callback answers stay small without it."""
from __future__ import annotations


def test_pages_carry_the_content_policy_and_callback_answers_do_not(client):
    page = client.get("/")
    policy = page.headers.get("Content-Security-Policy", "")
    assert page.mimetype == "text/html" and "script-src 'self'" in policy and "object-src 'none'" in policy
    answer = client.page("/")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert "Content-Security-Policy" not in answer.headers
    for response in (page, answer):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
