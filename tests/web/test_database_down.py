"""With the database unreachable, every request answers a clear 503, never a 500."""
from app import create_app
from tests.conftest import TEST_KEYS
from tests.helpers import DashClient

DEAD = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=1"


class _Someone:
    """Enough of a user for the session cookie: the lookup itself will meet the dead database."""

    def get_id(self):
        return "1:1"


def test_requests_meet_a_dead_database_with_503():
    app = create_app({"DATABASE_URL": DEAD, "TESTING": True, "DEFAULT_LOCALE": "en", **TEST_KEYS})
    client = DashClient(app.server.test_client())
    assert client.get("/healthz").status_code == 503
    anonymous = client.page("/projects")
    assert anonymous.status_code == 503
    assert "nothing was saved" in anonymous.json["message"]

    from tests.helpers import login

    login(client, _Someone())  # a logged-in voter: the user lookup runs before any callback
    response = client.page("/vote")
    assert response.status_code == 503
    assert "try again" in response.json["message"]
