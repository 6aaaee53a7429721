"""Signed-in readers and the caches (README): anonymous readers get no cookie and the
kept page, a signed-in reader's page (their name, a sign-out form, the cookie notice)
is never served from the page cache nor stored in it, and a CSRF cookie alone does
not cost a reader the kept pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, SectionFactory
from tests.readers import make_reader

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def story():
    news = SectionFactory(name="News", slug="news")
    return ArticleFactory(primary_section=news, headline="Curfew lifted")


@pytest.fixture(params=["home", "section", "article"])
def url(request, story):
    return {"home": "/", "section": "/news/", "article": story.get_absolute_url()}[request.param]


def forget_deleted_cookies(client):
    """Drop the cookies a response deleted (empty, expired), as a browser does; Django's
    test client would send them back empty."""
    for name in [name for name, morsel in client.cookies.items() if not morsel.value]:
        del client.cookies[name]


def sign_in_link(html: str) -> str:
    return re.search(r'<a href="([^"]*)" data-login-link', html)[1]


def test_anonymous_readers_get_no_cookie_and_the_same_kept_page(client, url):
    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    for response in (first, second):
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    html = second.content.decode()
    assert sign_in_link(html) == f"/accounts/login/?next={url}"
    assert "csrfmiddlewaretoken" not in html
    assert "data-cookie-notice" not in html


def test_a_signed_in_reader_is_never_served_nor_stored_in_the_page_cache(client, url):
    """Their page carries their name, a sign-out form with its token and the notice."""
    reader = make_reader("မောင် <b>Aung</b>")
    client.force_login(reader.user)
    mine = client.get(url)
    html = mine.content.decode()

    assert mine.status_code == 200
    assert "X-Page-Cache" not in mine
    assert mine["Cache-Control"] == "private, no-cache"
    assert "Signed in as မောင် &lt;b&gt;Aung&lt;/b&gt;" in html
    assert 'href="/accounts/profile/"' in html
    sign_out = r'<form method="post" action="/accounts/logout/">\s*<input type="hidden"'
    assert re.search(sign_out, html)
    assert "data-login-link" not in html
    assert "data-cookie-notice" in html

    client.logout()
    forget_deleted_cookies(client)
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "miss"  # nothing was stored for the reader
    assert "Aung" not in anonymous.content.decode()

    client.force_login(reader.user)
    again = client.get(url)  # the anonymous page is kept now, and still not served
    assert "X-Page-Cache" not in again
    assert "Signed in as" in again.content.decode()


# What a signed-in reader's page reads beyond the anonymous one: the session, the user
# and the profile (header, notice); under a story also their confirmed address and
# their own comments awaiting moderation (the comment form).
READER_QUERIES = {"home": 3, "section": 3, "article": 5}


def test_a_signed_in_readers_page_costs_a_few_queries_more_than_a_built_anonymous_one(
    client, request, url, settings, django_assert_max_num_queries
):
    """Each is read once however often the page names the reader (the N+1 a per-use
    lookup would cost)."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get(url)  # the widgets' caches warm
    with CaptureQueriesContext(connection) as anonymous:
        client.get(url)
    anonymous_queries = len(anonymous)  # read now: the next request empties the log
    client.force_login(make_reader().user)
    client.get(url)
    extra = READER_QUERIES[request.node.callspec.params["url"]]
    with django_assert_max_num_queries(anonymous_queries + extra):
        assert "Signed in as Ma Ei" in client.get(url).content.decode()


def test_a_reader_who_opened_the_sign_in_page_still_gets_kept_pages(client, url):
    assert client.get(url)["X-Page-Cache"] == "miss"
    login_page = client.get(sign_in_link(client.get(url).content.decode()))
    assert login_page.status_code == 200
    assert set(login_page.cookies) == {"csrftoken"}  # no session for an anonymous reader

    kept = client.get(url)
    assert kept["X-Page-Cache"] == "hit"
    assert not kept.cookies


def test_after_signing_out_the_next_page_is_a_kept_one(client, story):
    """Signing out leaves no cookie behind (no session, no pending message), so the
    reader is anonymous again at once and gets the kept pages."""
    client.force_login(make_reader().user)
    assert client.post("/accounts/logout/").status_code == 302
    forget_deleted_cookies(client)
    assert not client.cookies

    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
