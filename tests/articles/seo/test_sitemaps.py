"""Sitemap index, paginated sitemaps, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.seo import sitemaps
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = "http://news.example"


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)


def locations(client, url):
    return [loc.text for loc in xml_of(client, url).iter(f"{SM}loc")]


@pytest.fixture
def newsroom():
    news = SectionFactory(name="News", slug="news")
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    reporter = AuthorFactory(slug="aye-aye")
    story = ArticleFactory(
        headline="Curfew & raids in ရန်ကုန်",
        slug="curfew-ရန်ကုန်",
        primary_section=burma,
        authors=[reporter],
        tags=["Curfew"],
    )
    AuthorFactory(slug="no-stories")
    page = FlatPage.objects.create(url="/about/", title="About", content="Who we are.")
    page.sites.add(Site.objects.get_current())
    return story


def test_index_lists_every_sitemap(client, newsroom):
    assert locations(client, reverse("seo:sitemap")) == [
        f"http://news.example/sitemap-{name}.xml" for name in sitemaps.SITEMAPS
    ]


def test_sitemaps_list_articles_sections_tags_authors_and_pages(client, newsroom):
    articles = xml_of(client, "/sitemap-articles.xml")
    (url,) = articles.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == (
        "http://news.example/news/burma/curfew-%E1%80%9B%E1%80%94%E1%80%BA%E1%80%80"
        "%E1%80%AF%E1%80%94%E1%80%BA/"
    )
    assert url.findtext(f"{SM}lastmod")
    assert locations(client, "/sitemap-sections.xml") == [
        "http://news.example/news/",
        "http://news.example/my/news/",
        "http://news.example/news/burma/",
        "http://news.example/my/news/burma/",
    ]
    assert locations(client, "/sitemap-tags.xml") == ["http://news.example/tag/curfew/"]
    assert locations(client, "/sitemap-authors.xml") == ["http://news.example/author/aye-aye/"]
    assert locations(client, "/sitemap-pages.xml") == ["http://news.example/about/"]


def test_unpublished_stories_stay_out(client, newsroom):
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED):
        ArticleFactory(status=status, headline=f"SECRET {status}", tags=["Secret tag"])
    ArticleFactory(headline="SECRET later", publish_at=timezone.now() + timedelta(hours=1))
    for url in ("/sitemap-articles.xml", "/sitemap-tags.xml", reverse("seo:news-sitemap")):
        content = client.get(url).content
        assert b"SECRET" not in content and b"secret-tag" not in content, url
    assert len(locations(client, "/sitemap-articles.xml")) == 1


def test_large_archives_are_paginated(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for number in range(4):
        ArticleFactory(headline=f"Story {number}")
    index = locations(client, reverse("seo:sitemap"))
    assert "http://news.example/sitemap-articles.xml?p=3" in index
    assert len(locations(client, "/sitemap-articles.xml?p=3")) == 1
    assert client.get("/sitemap-articles.xml?p=9").status_code == 404
    assert client.get("/sitemap-articles.xml?p=junk").status_code == 404


def test_news_sitemap_has_the_last_48_hours(client, newsroom):
    ArticleFactory(headline="Old news", publish_at=timezone.now() - timedelta(hours=49))
    root = xml_of(client, reverse("seo:news-sitemap"))
    (url,) = root.findall(f"{SM}url")
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Curfew & raids in ရန်ကုန်"
    assert news.findtext(f"{NEWS}keywords") == "Curfew"
    published = news.findtext(f"{NEWS}publication_date")
    assert published.endswith("+06:30")
    assert url.findtext(f"{SM}loc").startswith("http://news.example/news/burma/curfew-%E1")


@pytest.mark.parametrize("stories", [3, 30])
def test_sitemap_queries_do_not_grow(client, django_assert_max_num_queries, stories):
    """Guards against a query per URL (section path for each article, tags)."""
    section = SectionFactory()
    for number in range(stories):
        ArticleFactory(primary_section=section, tags=[f"t{number}"])
    for url in ("/sitemap-articles.xml", "/sitemap-tags.xml", reverse("seo:news-sitemap")):
        client.get(url)
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


def test_robots_txt_points_at_sitemaps_and_keeps_previews_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    for edition in ("/", "/my/"):
        for path in ("preview/", "views/", "search/"):
            assert f"Disallow: {edition}{path}" in lines
    assert "Sitemap: http://news.example/sitemap.xml" in lines
    assert "Sitemap: http://news.example/news-sitemap.xml" in lines
