"""Every account page a reader can reach is in the site's layout, shows what readers
typed as text, and costs anonymous readers of the rest of the site nothing."""

from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.template import engines
from django.template.loader_tags import ExtendsNode
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts.conftest import make_reader, sign_in
from tests.html import parse

pytestmark = pytest.mark.django_db

ALLAUTH_PAGES = sorted(
    path.name for path in (Path(allauth.__file__).parent / "templates" / "account").glob("*.html")
)
# Values for the account addresses that take some (a key nobody was sent).
URL_ARGUMENTS = {"key": "an-unknown-key", "uidb36": "zz"}


def parent_chain(name: str) -> list[str]:
    """The template's name and every template it extends, up to the root one."""
    chain = [name]
    template = engines["django"].get_template(name).template
    while template.nodelist and isinstance(extends := template.nodelist[0], ExtendsNode):
        chain.append(extends.parent_name.var)
        template = engines["django"].get_template(chain[-1]).template
    return chain


@pytest.mark.parametrize("name", ALLAUTH_PAGES)
def test_every_allauth_page_template_extends_the_site_layout(name):
    chain = parent_chain(f"account/{name}")
    assert chain[-2:] == ["accounts/page.html", "base.html"], chain


def account_addresses() -> list[str]:
    """Every address under /accounts/ (allauth's with these settings, and ours),
    arguments filled in."""
    resolvers = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern) == "accounts/"
    ]
    addresses = []

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
            elif isinstance(entry, URLPattern) and entry.name:
                arguments = {name: URL_ARGUMENTS[name] for name in entry.pattern.regex.groupindex}
                addresses.append(reverse(entry.name, kwargs=arguments))

    walk(resolvers)
    return sorted(set(addresses))


EXPECTED_PAGES = {
    False: {"/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
            "/accounts/password/reset/done/", "/accounts/confirm-email/",
            "/accounts/confirm-email/an-unknown-key/", "/accounts/inactive/",
            "/accounts/password/reset/key/zz-an-unknown-key/", "/accounts/delete/done/"},
    True: {"/accounts/profile/", "/accounts/delete/", "/accounts/email/", "/accounts/logout/",
           "/accounts/password/change/", "/accounts/reauthenticate/"},
}  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "reader"])
def test_every_account_address_answers_in_the_site_layout(client, signed_in):
    if signed_in:
        reader = make_reader("ma.ei@example.org")
        sign_in(client, reader.email)
    addresses = account_addresses()
    shown = set()
    assert "/accounts/login/" in addresses and "/accounts/password/reset/" in addresses
    for address in addresses:
        answer = client.get(address, follow=True)
        assert answer.status_code in {200, 404}, address
        landed = answer.redirect_chain[-1][0] if answer.redirect_chain else address
        if answer.status_code == 200 and landed.startswith("/accounts/"):
            page = parse(answer.content.decode())
            assert page.one("header.site-header") and page.one("footer"), address
            assert page.one("link[rel=stylesheet]")["href"].endswith("/css/site.css")
            assert page.one("meta[name=robots]")["content"] == "noindex", address
            assert page.one("main h1").text, address
            shown.add(landed)
    assert EXPECTED_PAGES[signed_in] <= shown


def test_the_login_page_wraps_its_form_and_links_in_one_panel(client):
    page = parse(client.get("/accounts/login/?next=/news/").content.decode())
    panel = page.one("[data-login-panel]")
    form = panel.one("form")
    assert form["action"] == "/accounts/login/" and form["method"] == "post"
    assert panel.one("input[name=next]")["value"] == "/news/"
    links = {a["href"] for a in panel.all("a")}
    assert {"/accounts/password/reset/", "/accounts/signup/?next=%2Fnews%2F"} <= links
    labels = {label["for"] for label in form.all("label")}
    assert {"id_login", "id_password"} <= labels


def test_a_display_name_with_markup_is_shown_as_text(client):
    reader = make_reader("x@example.org", display_name='<script>alert("x")</script><b>Ko</b>')
    sign_in(client, reader.email)
    html = client.get("/accounts/profile/").content.decode()
    assert "<script>alert" not in html and "<b>Ko</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Ko&lt;/b&gt;" in html
    page = parse(html)
    assert page.one("main strong").text == '<script>alert("x")</script><b>Ko</b>'


def test_the_login_page_sets_only_the_csrf_cookie_and_readers_pages_none(client):
    login = client.get("/accounts/login/")
    assert set(login.cookies) == {settings.CSRF_COOKIE_NAME}
    client.cookies.clear()
    home = client.get(reverse("articles:home"))
    assert home.status_code == 200
    assert not home.cookies
    assert "cookie" not in home.get("Vary", "").lower()


def test_signing_in_and_out_leaves_no_message_for_pages_that_show_none(client):
    """A message left in a cookie keeps every later page out of nginx's cache."""
    reader = make_reader("ma.ei@example.org")
    signed_in = sign_in(client, reader.email)
    signed_out = client.post("/accounts/logout/")
    assert "messages" not in signed_in.cookies and "messages" not in signed_out.cookies
    assert "messages" not in client.cookies
    assert (
        settings.SESSION_COOKIE_NAME not in client.cookies
        or not client.cookies[settings.SESSION_COOKIE_NAME].value
    )
