"""Journeys through the account callbacks as an attacker and as a user would notice them:
two-factor login, replay, brute force, enumeration, XSS in names, cookies, fresh logins."""
from __future__ import annotations

import json

import pyotp
import pytest
from sqlalchemy import select

from models import AuditEvent, OutboxMessage, User
from tests import factories
from tests.helpers import DashClient, login

LOGIN_OUT = [("login-message", "children"), ("login-code-form", "style"), ("login-redirect", "href")]
XSS = ["<img src=x onerror=alert(1)>", "<script>alert(document.cookie)</script>"]


def _hashed(app, key_start: str) -> str:
    """The full output key (with Dash's @hash) of a duplicate-output callback."""
    return next(k for k in app.callback_map if k.startswith(key_start) and "@" in k)


def log_in(client, contact, password):
    return client.callback(LOGIN_OUT, [("login-submit", "n_clicks", 1)],
                           [("login-contact", "value", contact), ("login-password", "value", password)])


def enter_code(app, client, code):
    key = _hashed(app, "..login-message.children@")
    parts = key[2:-2].split("...")
    outputs = [tuple(p.rsplit(".", 1)) for p in parts]
    return client.callback(outputs, [("login-code-submit", "n_clicks", 1)], [("login-code", "value", code)])


def moderator_search(client):
    return client.callback([("admin-verifications-list", "children")],
                           [("admin-verifications-search-submit", "n_clicks", 1)],
                           [("admin-verifications-search", "value", "")])


def text_of(response) -> str:
    """The JSON answer as plain text (Dash escapes '<', '>' and '/' on the wire)."""
    return json.dumps(response.json, ensure_ascii=False)


def account_text(client) -> str:
    return text_of(client.page("/account"))


def test_resident_logs_in_with_password_and_session_is_renewed(client, session):
    user = factories.user(session, email="r@example.kg")
    session.commit()
    with client.http.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    response = log_in(client, "R@example.kg", "correct horse 1")
    assert response.json["response"]["login-redirect"]["href"] == "/"
    with client.http.session_transaction() as current:
        assert "planted" not in current
    assert user.display_name in account_text(client)


def test_staff_password_alone_grants_nothing_then_code_grants_staff(app, client, session):
    mod = factories.user(session, role="moderator", email="m@example.kg")
    session.commit()
    response = log_in(client, "m@example.kg", "correct horse 1")
    assert response.json["response"]["login-code-form"]["style"] == {"display": "block"}
    assert "Please log in first" in account_text(client)
    assert moderator_search(client).status_code == 401
    wrong = enter_code(app, client, "12345x")
    assert "wrong" in wrong.get_data(as_text=True)
    response = enter_code(app, client, pyotp.TOTP(mod.totp_secret).now())
    assert response.json["response"]["login-redirect"]["href"] == "/admin"
    assert moderator_search(client).status_code == 200


def test_totp_code_is_accepted_once(app, client, session):
    mod = factories.user(session, role="moderator", email="m@example.kg")
    session.commit()
    code = pyotp.TOTP(mod.totp_secret).now()
    log_in(client, "m@example.kg", "correct horse 1")
    assert enter_code(app, client, code).json["response"]["login-redirect"]["href"] == "/admin"
    replay = DashClient(app.server.test_client())
    log_in(replay, "m@example.kg", "correct horse 1")
    response = enter_code(app, replay, code)
    assert "already used" in response.get_data(as_text=True)
    assert moderator_search(replay).status_code == 401


def test_staff_without_totp_must_enrol_before_any_staff_power(app, client, session):
    mod = factories.user(session, role="moderator", email="m@example.kg")
    mod.totp_enabled, mod.totp_secret = False, None
    session.commit()
    response = log_in(client, "m@example.kg", "correct horse 1")
    assert response.json["response"]["login-redirect"]["href"] == "/account"
    refused = moderator_search(client)
    assert refused.status_code == 403 and "two-factor" in refused.json["message"]
    setup = client.callback([("account-2fa-setup", "children"), ("account-2fa-confirm-form", "style")],
                            [("account-2fa-begin", "n_clicks", 1)])
    assert "data:image/svg+xml;base64," in text_of(setup)
    session.expire_all()
    secret = session.get(User, mod.id).totp_secret
    assert secret[:4] in text_of(setup)
    done = client.callback([("account-2fa-message", "children")], [("account-2fa-confirm", "n_clicks", 1)],
                           [("account-2fa-code", "value", pyotp.TOTP(secret).now())])
    assert "recovery codes" in text_of(done)
    assert moderator_search(client).status_code == 200


def test_brute_force_is_locked_then_throttled(client, session):
    factories.user(session, email="r@example.kg")
    session.commit()
    texts, statuses = [], []
    for attempt in range(12):
        response = log_in(client, "r@example.kg", f"guess number {attempt}")
        statuses.append(response.status_code)
        texts.append(response.get_data(as_text=True))
    assert "locked for 15 minutes" in texts[4]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    assert "Too many attempts" in texts[10]


@pytest.mark.parametrize("action", ["login", "register", "reset"])
def test_registered_and_unknown_contacts_get_the_same_answer(app, session, action):
    factories.user(session, email="known@example.kg")
    session.commit()
    answers = []
    for contact in ("known@example.kg", "unknown@example.kg"):
        client = DashClient(app.server.test_client())
        if action == "login":
            response = log_in(client, contact, "wrong password!")
        elif action == "register":
            response = client.callback([("register-message", "children")], [("register-submit", "n_clicks", 1)],
                                       [("register-contact", "value", contact), ("register-name", "value", "Aibek"),
                                        ("register-password", "value", "long enough pw")])
        else:
            response = client.callback([("login-reset-message", "children")], [("login-reset-request", "n_clicks", 1)],
                                       [("login-reset-contact", "value", contact)])
        answers.append((response.status_code, response.get_data(as_text=True)))
    assert answers[0] == answers[1]
    assert session.scalar(select(User.display_name).where(User.email == "known@example.kg")) != "Aibek"


@pytest.mark.parametrize("payload", XSS)
def test_xss_display_name_is_rendered_as_text(app, client, session, payload):
    response = client.callback([("register-message", "children")], [("register-submit", "n_clicks", 1)],
                               [("register-contact", "value", "x@example.kg"), ("register-name", "value", payload),
                                ("register-password", "value", "long enough pw")])
    assert response.status_code == 200
    user = session.scalar(select(User).where(User.email == "x@example.kg"))
    assert user.display_name == payload
    login(client, user)
    for response in (client.page("/account"), client.get("/_dash-layout")):
        text = text_of(response)
        assert "dangerously_allow_html" not in text
        assert json.dumps({"children": payload}, ensure_ascii=False)[1:-1] in text  # a text child
    assert payload not in client.get("/").get_data(as_text=True)  # never in the HTML itself


def test_session_cookie_flags(client, session):
    factories.user(session, email="r@example.kg")
    session.commit()
    cookie = next(h for h in log_in(client, "r@example.kg", "correct horse 1").headers.getlist("Set-Cookie")
                  if h.startswith("ashar_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_when_configured(db_url):
    from app import create_app
    from models.db import engine_of, session_factory
    from tests.conftest import TEST_KEYS

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SEED_DEMO": False,
                      "SESSION_COOKIE_SECURE": True, **TEST_KEYS})
    s = session_factory(app.server)()
    factories.user(s, email="r@example.kg")
    s.commit()
    client = DashClient(app.server.test_client())
    cookies = log_in(client, "r@example.kg", "correct horse 1").headers.getlist("Set-Cookie")
    assert any(c.startswith("ashar_session=") and "Secure" in c and "HttpOnly" in c for c in cookies)
    s.close()
    engine_of(app.server).dispose()


def test_role_change_needs_fresh_login_and_ends_the_targets_sessions(app, session):
    admin = factories.user(session, role="admin")
    target = factories.user(session, email="t@example.kg")
    session.commit()
    target_client = DashClient(app.server.test_client())
    login(target_client, target)
    stale, fresh = DashClient(app.server.test_client()), DashClient(app.server.test_client())
    login(stale, admin, fresh=False)
    login(fresh, admin)
    args = ([("admin-users-message", "children")], [("admin-users-role-submit", "n_clicks", 1)],
            [("admin-users-target", "value", target.id), ("admin-users-role", "value", "moderator")])
    assert stale.callback(*args).status_code == 403
    response = fresh.callback(*args)
    assert "is now" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, target.id).role == "moderator"
    assert "Please log in first" in account_text(target_client)
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id) == ("user.role_changed", admin.id)


def test_census_upload_reports_bad_line_and_imports_good_file(app, client, session):
    import base64

    factories.district(session, "osh-a")
    admin = factories.user(session, role="admin")
    session.commit()
    login(client, admin)

    def upload(text):
        uri = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
        return client.callback([("admin-census-report", "children")], [("admin-census-upload", "contents", uri)],
                               [("admin-census-upload", "filename", "roll.csv")]).get_data(as_text=True)

    bad = upload("personal_number,birth_date,district_code\n21234567890123,1990-05-31,osh-a\n123,1990-05-31,osh-a\n")
    assert "Line 3" in bad and "Nothing was imported" in bad
    good = "personal_number,birth_date,district_code\n21234567890123,1990-05-31,osh-a\n"
    assert "Added: 1" in upload(good)
    assert "Added: 0" in upload(good) and "Already on the roll: 1" in upload(good)


def test_resident_claims_census_and_moderator_verifies_in_person(app, session):
    import services.census

    district = factories.district(session, "osh-a")
    services.census.import_roll(session, "test-census",
                                "personal_number,birth_date,district_code\n21234567890123,1990-05-31,osh-a\n")
    resident, walk_in = factories.user(session, verified=False), factories.user(session, verified=False)
    mod = factories.user(session, role="moderator")
    session.commit()
    client = DashClient(app.server.test_client())
    login(client, resident)
    claim = client.callback([("account-census-message", "children")], [("account-census-submit", "n_clicks", 1)],
                            [("account-census-pin", "value", "21234567890123"),
                             ("account-census-birth", "value", "1990-05-31")])
    assert "residency is verified" in claim.get_data(as_text=True)
    staff = DashClient(app.server.test_client())
    login(staff, mod)
    response = staff.callback([("admin-verifications-message", "children")],
                              [("admin-verifications-submit", "n_clicks", 1)],
                              [("admin-verifications-target", "value", walk_in.id),
                               ("admin-verifications-district", "value", str(district.id)),
                               ("admin-verifications-note", "value", "Passport seen, address in Osh")])
    assert "is verified" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, resident.id).is_verified and session.get(User, walk_in.id).is_verified
    actions = list(session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "resident.verified")))
    assert {d["method"] for d in actions} == {"census", "in_person"}


@pytest.mark.parametrize("path,role", [("/admin/users", "admin"), ("/admin/census", "admin"),
                                       ("/admin/verifications", "moderator"), ("/admin/outbox", "admin"),
                                       ("/admin/audit", "observer"), ("/register", None), ("/login", None)])
def test_pages_render_for_those_allowed(client, session, path, role):
    if role:
        login(client, factories.user(session, role=role))
        session.commit()
    response = client.page(path)
    assert response.status_code == 200
    assert "not allowed" not in response.get_data(as_text=True)


def test_outbox_shows_the_console_senders_codes(client, session):
    from services import accounts

    accounts.register(session, "new@example.kg", "long enough pw", "New", locale="en")
    login(client, factories.user(session, role="admin"))
    session.commit()
    text = client.page("/admin/outbox").get_data(as_text=True)
    assert "new@example.kg" in text and "Your Ashar code" in text
    assert session.scalar(select(OutboxMessage.channel)) == "email"
