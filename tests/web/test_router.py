"""Every page named in the design renders through the router without a callback error."""
import pytest

PAGES = ["/", "/projects", "/propose", "/vote", "/live", "/results", "/action-plan",
         "/receipts", "/login", "/register", "/account", "/admin"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client, path):
    response = client.page(path)
    assert response.status_code == 200, response.data[:500]
    assert response.json["response"]["page-content"]["children"]


def test_unknown_page_says_not_found(client):
    response = client.page("/no-such-page")
    assert response.status_code == 200
    assert "Page not found" in response.get_data(as_text=True)


def test_index_sets_language_and_csrf_cookie(client):
    response = client.get("/projects?lang=ru")
    assert '<html lang="ru">' in response.get_data(as_text=True)
    assert client.csrf
