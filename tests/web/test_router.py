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


def test_kyrgyz_is_the_default_language(client, server):
    server.config["DEFAULT_LOCALE"] = "ky"  # the product default (tests otherwise read English)
    assert '<html lang="ky">' in client.get("/").get_data(as_text=True)
    assert "Барак табылган жок" in str(client.page("/no-such-page").json)


def test_chosen_language_translates_pages(client):
    client.get("/?lang=ru")  # remembered in a cookie, as a reader's click on "Русский" does
    assert "Страница не найдена" in str(client.page("/no-such-page").json)


def test_browser_language_is_honoured(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert '<html lang="ru">' in page
