"""Every callback in the app, attacked: no rule → fail; wrong caller → 401/403 and no write;
junk → never a 500; bad CSRF → 403. A new callback joins these tests by being registered."""
from __future__ import annotations

import pytest

from callbacks import guard
from tests import factories
from tests.conftest import TEST_KEYS
from tests.helpers import DashClient, login

from .security_support import body_for, post, row_counts, server_callbacks


def _collect_app():
    from app import create_app

    app = create_app({"DATABASE_URL": "sqlite://", "TESTING": True, "SEED_DEMO": False, **TEST_KEYS})
    app.server.test_client().get("/")  # Dash copies `@dash.callback` globals at the first request
    return app


COLLECTED = _collect_app()
RULES = guard.registry(COLLECTED)
OPTIONS = guard.options(COLLECTED)
CALLBACKS = server_callbacks(COLLECTED)
PROTECTED = [k for k in CALLBACKS if RULES.get(k, guard.PUBLIC) != guard.PUBLIC]

# (access rule) → callers who must be refused: (role, verified, mfa)
WRONG_CALLERS = {
    guard.RESIDENT: [],
    guard.VERIFIED: [("resident", False, True)],
    guard.MODERATOR: [("resident", True, True), ("observer", True, True), ("moderator", True, False)],
    guard.OBSERVER: [("resident", True, True), ("observer", True, False)],
    guard.ADMIN: [("resident", True, True), ("moderator", True, True), ("admin", True, False)],
}
ALLOWED = {guard.RESIDENT: ("resident", False), guard.VERIFIED: ("resident", True),
           guard.MODERATOR: ("moderator", True), guard.OBSERVER: ("observer", True),
           guard.ADMIN: ("admin", True)}
JUNK = [None, 0, -1, 1.5e308, True, "x" * 100_000, "<script>alert(1)</script>", "' OR 1=1 --", "nul\x00byte", "\ud800lone",
        {"a": {"b": [1, {"c": None}]}}, [1, "a", None, [2]], "\x00\ud800"[:1]]


@pytest.fixture
def attack_app(db_url):
    """The app with a generous rate limit, so junk reaches the callbacks instead of the limiter."""
    from app import create_app
    from models.db import engine_of

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SEED_DEMO": False,
                      "AUTH_RATE_LIMIT": "10000/minute", **TEST_KEYS})
    yield app
    engine_of(app.server).dispose()


@pytest.fixture
def attack_session(attack_app):
    from models.db import session_factory

    s = session_factory(attack_app.server)()
    yield s
    s.close()


def _client(app, session, role=None, verified=True, mfa=True, fresh=True):
    client = DashClient(app.server.test_client())
    if role:
        user = factories.user(session, role=role, verified=verified,
                              district_id=factories.district(session, code=f"d{role}{verified}").id if verified else None)
        session.commit()
        login(client, user, mfa=mfa, fresh=fresh)
    return client


def test_every_server_callback_has_an_access_rule(app):
    app.server.test_client().get("/")
    rules = guard.registry(app)
    missing = [k for k in server_callbacks(app) if k not in rules]
    assert not missing, f"callbacks registered without protected(): {missing}"
    assert set(rules) <= set(app.callback_map)


def test_clientside_callbacks_cannot_be_posted(client, app):
    for key, spec in app.callback_map.items():
        if "callback" not in spec:
            assert post(client, body_for(app, key, 1, None)).status_code == 403


def test_unknown_callback_is_refused(client):
    response = post(client, {"output": "nope.children", "outputs": {"id": "nope", "property": "children"},
                             "inputs": [], "state": [], "changedPropIds": []})
    assert response.status_code == 403


@pytest.mark.parametrize("key", PROTECTED, ids=[k[:60] for k in PROTECTED])
def test_anonymous_gets_401_and_nothing_is_written(attack_app, attack_session, key):
    client = _client(attack_app, attack_session)
    before = row_counts(attack_session)
    response = post(client, body_for(attack_app, key, 1, "x"))
    assert response.status_code == 401
    assert "log in" in response.json["message"]
    assert row_counts(attack_session) == before


@pytest.mark.parametrize("key,caller", [(k, c) for k in PROTECTED for c in WRONG_CALLERS[RULES[k]]]
                         + [(k, "stale") for k in PROTECTED if OPTIONS[k]["fresh"]])
def test_wrong_caller_gets_403_and_nothing_is_written(attack_app, attack_session, key, caller):
    if caller == "stale":  # the right role, but the login is not fresh
        role, verified = ALLOWED[RULES[key]]
        client = _client(attack_app, attack_session, role, verified, mfa=True, fresh=False)
    else:
        client = _client(attack_app, attack_session, *caller)
    before = row_counts(attack_session)
    response = post(client, body_for(attack_app, key, 1, "x"))
    assert response.status_code == 403
    assert row_counts(attack_session) == before


@pytest.mark.parametrize("key", CALLBACKS, ids=[k[:60] for k in CALLBACKS])
@pytest.mark.parametrize("csrf", [None, "", "forged-token"])
def test_missing_or_forged_csrf_gets_403(attack_app, attack_session, key, csrf):
    client = _client(attack_app, attack_session, "admin")
    before = row_counts(attack_session)
    assert post(client, body_for(attack_app, key, 1, "x"), csrf=csrf).status_code == 403
    assert row_counts(attack_session) == before


@pytest.mark.parametrize("key", CALLBACKS, ids=[k[:60] for k in CALLBACKS])
def test_junk_inputs_never_cause_a_500(attack_app, attack_session, key):
    access = RULES[key]
    client = (_client(attack_app, attack_session) if access == guard.PUBLIC
              else _client(attack_app, attack_session, *ALLOWED[access]))
    for junk in JUNK:
        for input_value in (junk, 1):  # junk triggers, and a real click with junk fields
            response = post(client, body_for(attack_app, key, input_value, junk))
            assert response.status_code < 500, (junk, response.data[:300])


@pytest.mark.parametrize("body", [
    None, [], "text", {"output": 1}, {"output": "page-content.children", "inputs": "x"},
    {"output": "page-content.children", "inputs": [{"id": "url"}]},
    {"output": "page-content.children", "inputs": [], "state": [], "changedPropIds": []},
    {"output": "page-content.children", "outputs": {"id": "other", "property": "children"},
     "inputs": [{"id": "url", "property": "pathname", "value": "/"},
                {"id": "url", "property": "search", "value": ""}], "changedPropIds": [3]},
])
def test_malformed_bodies_get_400(client, body):
    assert post(client, body).status_code == 400


def test_nul_characters_are_refused_before_any_callback(client):
    response = client.callback([("page-content", "children")],
                               [("url", "pathname", "/\x00"), ("url", "search", "")])
    assert response.status_code == 400 and "not allowed" in response.json["message"]


def _router_body(search: str) -> str:
    return ('{"output": "page-content.children", "outputs": {"id": "page-content", "property": "children"},'
            ' "inputs": [{"id": "url", "property": "pathname", "value": "/"},'
            ' {"id": "url", "property": "search", "value": "?q=%s"}],'
            ' "changedPropIds": ["url.pathname"]}' % search)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("search", [r"\u0000", r"\uD800", r"\udbff"])
def test_escaped_nul_and_lone_surrogates_are_refused_in_any_spelling(client, search, encoding):
    response = client.http.post("/_dash-update-component", data=_router_body(search).encode(encoding),
                                content_type="application/json", headers={"X-CSRFToken": client.csrf})
    assert response.status_code == 400 and "not allowed" in response.json["message"]


def test_a_backslash_before_u0000_is_just_text(client):
    response = client.http.post("/_dash-update-component", data=_router_body(r"\\u0000").encode(),
                                content_type="application/json", headers={"X-CSRFToken": client.csrf})
    assert response.status_code == 200


def test_a_raw_lone_surrogate_in_the_bytes_is_refused(client):
    body = _router_body("\ud800").encode("utf-8", "surrogatepass")  # JSON readers let it through
    response = client.http.post("/_dash-update-component", data=body, content_type="application/json",
                                headers={"X-CSRFToken": client.csrf})
    assert response.status_code == 400 and "not allowed" in response.json["message"]
