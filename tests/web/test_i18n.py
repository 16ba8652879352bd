"""Every word a reader sees goes through the catalogs, and locale plumbing does what readers notice.

The source scan reads `components/*.py` and `callbacks/*.py` with `ast` and flags a string
literal with letters that reaches a reader through an `html.*`, `dbc.*` or `dcc.*` call —
as children (positional or `children=`), `placeholder`, `label`, `title`, `alt`, `aria-label`,
an option's `label` — without `_()` around it. Ids, class names, hrefs and styles are never
read. A literal that must stay as it is goes in ALLOWED with the reason.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("components/*.py"), *ROOT.glob("callbacks/*.py")])
LIBRARIES = {"html", "dbc", "dcc"}
TEXT_PROPS = {"children", "placeholder", "label", "title", "alt", "aria-label", "aria-description",
              "summary", "header", "brand", "tooltip"}
ALLOWED = {
    "Ashar",  # the brand, the same in every language
    "Кыргызча", "Русский", "English",  # each language named in itself, in the switch
    "KGS", "сом",  # the currency sign (format.money picks it)
    "✓",
}
# Words that are the same in every language: a literal made only of these needs no catalog.
TECHNICAL_WORDS = {"SHA", "XXXX"}  # the digest's name; the receipt code's input mask


def _needs_translation(text: str) -> bool:
    import re

    words = re.findall(r"[^\W\d_]+", text)
    return bool(words) and text.strip() not in ALLOWED and not set(words) <= TECHNICAL_WORDS


def _literal_texts(node: ast.AST):
    """String literals with letters that `node` would put on the page as they are."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _needs_translation(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):  # f"{count} ballots": the words are untranslated
        for part in node.values:
            yield from _literal_texts(part)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _literal_texts(element)
    elif isinstance(node, ast.BinOp):  # "Total: " + value
        yield from _literal_texts(node.left)
        yield from _literal_texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literal_texts(node.body)
        yield from _literal_texts(node.orelse)
    elif isinstance(node, ast.Dict):  # {"label": "…", "value": …} in options
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and key.value in TEXT_PROPS:
                yield from _literal_texts(value)


def _text_arguments(call: ast.Call):
    """The argument nodes of a component call that hold reader-visible text."""
    yield from call.args
    for keyword in call.keywords:
        if keyword.arg in TEXT_PROPS:
            yield keyword.value
        elif keyword.arg == "options":
            yield keyword.value
        elif keyword.arg is None and isinstance(keyword.value, ast.Dict):  # **{"aria-label": …}
            yield keyword.value


def _is_component_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in LIBRARIES)


def untranslated(path: Path) -> list[str]:
    """`file:line: 'text'` for each literal `path` shows readers without `_()`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if _is_component_call(node):
            for argument in _text_arguments(node):
                for literal in _literal_texts(argument):
                    value = literal.value
                    found.append(f"{path.name}:{literal.lineno}: {value!r}")
    return sorted(set(found))


def test_scanner_catches_what_a_reader_would_see_in_english(tmp_path):
    """The check itself: it must flag bare text and let translated text, ids and classes through."""
    sample = tmp_path / "page.py"
    sample.write_text(
        "from dash import html, dcc\nimport dash_bootstrap_components as dbc\n"
        "def layout():\n"
        "    return html.Div([\n"
        "        html.H1('Projects'),\n"
        "        html.P(_('Translated'), id='page-intro', className='lead mb-2'),\n"
        "        dbc.Input(id='q', placeholder='Search'),\n"
        "        html.Span(f'{count} ballots'),\n"
        "        html.A('Ashar', href='/'),\n"
        "        dbc.Checklist(options=[{'label': 'Parks', 'value': 'parks'}]),\n"
        "        html.Div(role='group', **{'aria-label': 'Language'}),\n"
        "        html.Small(' · ' + _('ok')),\n"
        "        html.Code('SHA-256: ' + digest),\n"
        "    ])\n", encoding="utf-8")
    problems = untranslated(sample)
    texts = sorted(p.split(": ", 1)[1] for p in problems)
    assert texts == ["' ballots'", "'Language'", "'Parks'", "'Projects'", "'Search'"], problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_untranslated_text_in_layouts(path):
    problems = untranslated(path)
    assert not problems, "wrap these in _() (translations/__init__.py):\n" + "\n".join(problems)


# --- which language a request reads, and how numbers and money look in it --------------------

def html_lang(response) -> str:
    import re

    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def test_language_order_query_then_cookie_then_account_then_browser_then_kyrgyz(app, session):
    from tests import factories
    from tests.helpers import DashClient, login

    app.server.config["DEFAULT_LOCALE"] = "ky"  # the product default (the test app reads English)
    fresh = DashClient(app.server.test_client())
    assert html_lang(fresh.get("/")) == "ky"  # nothing says: the default
    assert html_lang(fresh.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"})) == "ru"
    user = factories.user(session)  # locale "en"
    session.commit()
    login(fresh, user)
    assert html_lang(fresh.get("/", headers={"Accept-Language": "ru"})) == "en"  # account beats browser
    fresh.http.set_cookie("lang", "ky")
    assert html_lang(fresh.get("/")) == "ky"  # the remembered choice beats the account
    assert html_lang(fresh.get("/projects?lang=ru")) == "ru"  # ?lang= beats everything ...
    assert html_lang(fresh.get("/projects")) == "ru"  # ... and is remembered


def test_choosing_a_language_while_logged_in_becomes_the_accounts(app, session):
    from models import User
    from tests import factories
    from tests.helpers import DashClient, login

    user = factories.user(session)  # locale "en"
    session.commit()
    first = DashClient(app.server.test_client())
    login(first, user)
    first.get("/live?lang=ru")
    session.expire_all()
    assert session.get(User, user.id).locale == "ru"
    other_device = DashClient(app.server.test_client())  # no cookie there
    login(other_device, session.get(User, user.id))
    assert html_lang(other_device.get("/")) == "ru"
    anonymous = DashClient(app.server.test_client())
    assert html_lang(anonymous.get("/?lang=en")) == "en"  # no account to update: still fine


@pytest.mark.parametrize("lang, amount, number, day", [
    ("ky", "12\u00a0500\u00a0000\u00a0сом", "2\u00a0150", "2026"),
    ("ru", "12\u00a0500\u00a0000\u00a0сом", "2\u00a0150", "мар. 2026"),
    ("en", "12,500,000\u00a0KGS", "2,150", "Mar 1, 2026"),
])
def test_money_numbers_and_dates_follow_the_language(server, lang, amount, number, day):
    from datetime import date

    from components import format as fmt

    with server.test_request_context(f"/?lang={lang}"):
        assert fmt.money(12_500_000) == amount
        assert fmt.number(2150) == number
        assert day in fmt.day(date(2026, 3, 1))
        assert fmt.currency_unit() == ("KGS" if lang == "en" else "сом")
