"""Per-IP limits behind a load balancer: X-Forwarded-For counts only when proxies are trusted."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_KEYS
from tests.helpers import DashClient
from tests.web.test_security_accounts import log_in


def _attempts_from(app, addresses) -> list[int]:
    """Statuses of one failed login from each address in turn (a new unknown account each time,
    so only the per-IP limit can refuse)."""
    client = DashClient(app.server.test_client())
    statuses = []
    for n, address in enumerate(addresses):
        client.http.environ_base["HTTP_X_FORWARDED_FOR"] = address
        statuses.append(log_in(client, f"nobody{n}@example.kg", "wrong password").status_code)
    return statuses


@pytest.fixture
def make_app(db_url):
    from app import create_app
    from models.db import engine_of

    made = []

    def make(**config):
        app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SEED_DEMO": False, **TEST_KEYS, **config})
        made.append(app)
        return app

    yield make
    for app in made:
        engine_of(app.server).dispose()


def test_a_trusted_proxy_s_forwarded_address_gets_its_own_limit(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    statuses = _attempts_from(app, ["203.0.113.7"] * 11 + ["198.51.100.9"])
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429, "the 11th try from one address is throttled"
    assert statuses[11] == 200, "another resident behind the same proxy is not"


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(make_app):
    app = make_app()  # TRUSTED_PROXIES defaults to 0
    statuses = _attempts_from(app, [f"203.0.113.{n}" for n in range(12)])
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]


def test_a_bad_proxy_count_is_refused_with_its_reason(monkeypatch):
    import settings

    monkeypatch.setenv("ASHAR_TRUSTED_PROXIES", "two")
    with pytest.raises(settings.ConfigError, match="ASHAR_TRUSTED_PROXIES"):
        settings.from_environment({**TEST_KEYS})
