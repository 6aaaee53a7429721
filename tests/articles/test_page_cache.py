"""Whole pages for anonymous readers: kept, served, dropped the moment anything on them
changes (articles/page_cache.py)."""

import time
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, Correction, Tag
from articles.previews import preview_url
from newsletter.subscriptions import default_newsletter
from sections.models import Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

# A kept page costs one query when served (are its stories still published?), plus,
# without Redis, the content version from its database cache table.
QUERIES_PER_HIT = 1 if connection.vendor == "postgresql" else 2


@pytest.fixture
def story():
    news = SectionFactory(name="News", slug="news")
    author = AuthorFactory(name="Ma Thida", slug="ma-thida")
    return ArticleFactory(
        primary_section=news, headline="Curfew lifted", tags=["curfew"], authors=[author]
    )


@pytest.fixture
def about():
    page = FlatPage.objects.create(url="/about/", title="About us", content="<p>Founded</p>")
    page.sites.add(Site.objects.get_current())
    return page


def served(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_a_second_reader_gets_the_kept_page_without_the_view(
    client, story, django_assert_max_num_queries
):
    first, html = served(client, "/")
    assert first["X-Page-Cache"] == "miss" and "Curfew lifted" in html
    with django_assert_max_num_queries(QUERIES_PER_HIT):
        second, again = served(client, "/")
    assert second["X-Page-Cache"] == "hit"
    assert again == html
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/{slug}/",
        "/tag/curfew/",
        "/author/ma-thida/",
        "/search/?q=curfew",
        "/feed/",
        "/news/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/about/",
        "/corrections/",
        "/newsletter/",
    ],
)
def test_every_public_page_type_is_kept(client, story, about, url):
    url = url.format(slug=story.slug)
    first, _ = served(client, url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    second, _ = served(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert "Vary" not in second  # the address says the language
    assert second["Cache-Control"] == ("public, max-age=0, s-maxage=10, stale-while-revalidate=30")


def unpublish_by_save(story):
    story.status = Article.Status.UNPUBLISHED
    story.save()


def unpublish_by_update(story):
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)


def unpublish_by_sql(story):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET status = %s WHERE id = %s",
            [Article.Status.UNPUBLISHED, story.pk],
        )


@pytest.mark.parametrize("unpublish", [unpublish_by_save, unpublish_by_update, unpublish_by_sql])
@pytest.mark.parametrize("url", ["/", "/news/", "/tag/curfew/", "/feed/", "/sitemap-articles.xml"])
def test_an_unpublished_story_leaves_every_kept_page_at_once(client, story, unpublish, url):
    assert "Curfew lifted" in served(client, url)[1] or story.slug in served(client, url)[1]
    assert served(client, url)[0]["X-Page-Cache"] == "hit"
    unpublish(story)
    response, html = served(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Curfew lifted" not in html and story.slug not in html


def test_an_unpublished_story_page_answers_404_at_once(client, story):
    url = story.get_absolute_url()
    assert served(client, url)[0].status_code == 200
    unpublish_by_sql(story)
    assert client.get(url).status_code == 404


def publish_a_draft(story):
    ArticleFactory(primary_section=story.primary_section, headline="Fresh news", tags=["curfew"])


def edit_headline(story):
    story.headline = "Fresh news"
    story.save()


def edit_headline_by_update(story):
    Article.objects.filter(pk=story.pk).update(headline="Fresh news")


def add_correction(story):
    Correction.objects.create(article=story, text="Fresh news: the date was wrong.")


def rename_section(story):
    Section.objects.filter(pk=story.primary_section_id).update(name="Fresh news")


def rename_section_by_save(story):
    section = story.primary_section
    section.name = "Fresh news"
    section.save()


def rename_tag(story):
    tag = Tag.objects.get(slug="curfew")
    tag.name = "Fresh news"
    tag.save()


def rename_author(story):
    author = story.authors.get()
    author.name = "Fresh news"
    author.save()


def add_tag(story):
    story.tags.add("Fresh news")


def edit_flat_page(story):
    page = FlatPage.objects.get(url="/about/")
    page.title = "Fresh news"
    page.save()


@pytest.mark.parametrize(
    "change",
    [
        publish_a_draft,
        edit_headline,
        edit_headline_by_update,
        add_correction,
        rename_section,
        rename_section_by_save,
        rename_tag,
        rename_author,
        add_tag,
        edit_flat_page,
    ],
)
def test_each_kind_of_change_shows_on_the_very_next_request(client, story, about, change):
    urls = [
        "/",
        story.get_absolute_url(),
        "/news/",
        "/tag/curfew/",
        "/author/ma-thida/",
        "/about/",
    ]
    before = {url: served(client, url)[1] for url in urls}
    assert all(served(client, url)[0]["X-Page-Cache"] == "hit" for url in urls)
    change(story)
    after = {url: served(client, url) for url in urls}
    assert all(response["X-Page-Cache"] == "miss" for response, _ in after.values())
    assert any("Fresh news" in html for _, html in after.values())
    assert not any("Fresh news" in html for html in before.values())


def test_a_newsletter_change_shows_on_its_page(client):
    newsletter = default_newsletter()
    assert newsletter.name in served(client, "/newsletter/")[1]
    newsletter.name = "Morning Briefing"
    newsletter.save()
    assert "Morning Briefing" in served(client, "/newsletter/")[1]


def test_a_redirect_replaces_a_kept_flat_page(client, about):
    assert served(client, "/about/")[0].status_code == 200
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/about/", new_path="/")
    assert client.get("/about/")["Location"] == "/"


def test_a_scheduled_story_is_on_the_first_page_after_its_time(client, story):
    due = timezone.now() + timedelta(seconds=2)
    ArticleFactory(primary_section=story.primary_section, headline="On time", publish_at=due)
    first, html = served(client, "/")
    assert "On time" not in html
    # Neither this copy nor a shared cache's may outlive the publish time.
    assert "s-maxage=1," in first["Cache-Control"] or "s-maxage=2," in first["Cache-Control"]
    assert "stale-while-revalidate=0" in first["Cache-Control"]
    assert served(client, "/")[0]["X-Page-Cache"] == "hit"
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.1)
    response, html = served(client, "/")
    assert response["X-Page-Cache"] == "miss" and "On time" in html


def test_a_page_seconds_before_a_scheduled_story_is_not_kept(client, story):
    due = timezone.now() + timedelta(milliseconds=500)
    ArticleFactory(primary_section=story.primary_section, publish_at=due)
    first, _ = served(client, "/")
    assert first["Cache-Control"] == "public, no-cache"
    assert served(client, "/")[0]["X-Page-Cache"] == "miss"


def test_editors_pages_are_neither_served_from_nor_kept_in_the_cache(client, admin_client, story):
    served(client, "/")
    served(client, "/")
    editor = admin_client.get("/")
    assert "X-Page-Cache" not in editor
    assert editor["Cache-Control"] == "private, no-cache"
    edit_headline(story)
    admin_client.get("/")
    response, html = served(client, "/")
    assert response["X-Page-Cache"] == "miss" and "Fresh news" in html


def test_previews_admin_and_posts_are_never_kept(client, admin_client, story):
    draft = ArticleFactory(
        primary_section=story.primary_section, headline="Secret draft", status="draft"
    )
    url = preview_url(draft)
    for _ in range(2):
        preview = client.get(url)
        assert preview.status_code == 200 and "X-Page-Cache" not in preview
        assert "no-cache" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert "Secret draft" not in served(client, "/")[1]
    for _ in range(2):
        admin = admin_client.get("/admin/")
        assert "X-Page-Cache" not in admin and "private" in admin["Cache-Control"]
    posted = client.post("/newsletter/", {"email": "reader@example.org"})
    assert "X-Page-Cache" not in posted
    assert served(client, "/newsletter/")[0]["X-Page-Cache"] == "miss"


def test_not_found_pages_are_not_kept(client, story):
    for _ in range(2):
        response = client.get("/news/no-such-story/")
        assert response.status_code == 404 and "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_a_readers_copy_is_confirmed_with_304(client, story):
    first, _ = served(client, "/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        response = client.get("/", headers=headers)
        assert response.status_code == 304 and response.content == b""
        assert response["ETag"] == etag
        assert response["Cache-Control"].startswith("public, max-age=0")
    edit_headline(story)
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_each_edition_has_its_own_copy_whatever_the_browser_asks(client, story):
    english = client.get("/")
    burmese = client.get("/my/")
    assert burmese["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en" and burmese["Content-Language"] == "my"
    # The address alone says the language: a browser asking for another gets the same copy.
    again = client.get("/my/", headers={"Accept-Language": "en"})
    assert again["X-Page-Cache"] == "hit" and again["Content-Language"] == "my"
    english_again = client.get("/", headers={"Accept-Language": "my"})
    assert english_again["X-Page-Cache"] == "hit" and english_again["Content-Language"] == "en"


def test_the_sign_up_box_works_on_a_kept_page(client, story):
    served(client, "/")
    response, html = served(client, "/")
    assert response["X-Page-Cache"] == "hit"
    assert 'action="/newsletter/"' in html and "csrfmiddlewaretoken" not in html
    signup = client.post(
        "/newsletter/",
        {"email": "reader@example.org", "source": "footer"},
        headers={"Origin": "http://testserver"},
    )
    assert signup.status_code == 302 and signup["Location"] == "/newsletter/thanks/"


def test_no_public_page_sets_a_cookie_or_varies_on_one(client, story, about):
    for url in ["/", story.get_absolute_url(), "/about/", "/newsletter/", "/feed/"]:
        response = client.get(url)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def test_switched_off_the_cache_keeps_nothing_but_still_tells_shared_caches(
    client, story, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    served(client, "/")
    response, _ = served(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert "ETag" in response


def test_refresh_pages_drops_every_kept_page(client, story):
    served(client, "/")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET headline = %s WHERE id = %s",
            ["Fresh news", story.pk],
        )
    assert "Fresh news" not in served(client, "/")[1]  # SQL tells no cache
    call_command("refresh_pages", verbosity=0)
    response, html = served(client, "/")
    assert response["X-Page-Cache"] == "miss" and "Fresh news" in html


def test_a_story_only_in_a_widget_retracted_by_sql_leaves_the_kept_page(client, story):
    pick = ArticleFactory(
        primary_section=SectionFactory(name="World", slug="world"),
        headline="Editor's pick",
        is_recommended=True,
    )
    served(client, "/news/")  # the sidebar's lists and HTML are cached from here on
    url = "/tag/curfew/"  # the pick is in the sidebar only
    served(client, url)
    response, html = served(client, url)
    assert response["X-Page-Cache"] == "hit" and "Editor&#x27;s pick" in html
    unpublish_by_sql(pick)
    response, html = served(client, url)
    assert response["X-Page-Cache"] == "miss" and "Editor&#x27;s pick" not in html
