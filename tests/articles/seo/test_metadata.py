"""Titles, descriptions, canonical URLs, OpenGraph, Twitter cards and JSON-LD."""

import json
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

# The site's address, unlike the test client's host (`testserver`): every absolute
# link must use it.
SITE = "https://news.example"


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


class HeadReader(HTMLParser):
    """Collects <title>, <meta>, <link> and JSON-LD blocks from a page."""

    def __init__(self, html: str):
        super().__init__()
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag
            if tag == "script":
                self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld[-1] += data

    def one(self, key: str) -> str:
        assert len(self.meta.get(key, [])) == 1, (key, self.meta.get(key))
        return self.meta[key][0]

    def link(self, rel: str, type_: str | None = None) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
        ]


@pytest.fixture
def story():
    news = SectionFactory(name="News", slug="news")
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    return ArticleFactory(
        headline='Junta extends "martial law" </script><script>alert(1)</script>',
        slug="junta-extends-martial-law",
        standfirst="Six more townships & two cities.",
        primary_section=burma,
        featured_image=ImageFactory(),
        authors=[AuthorFactory(name="Aye Aye"), AuthorFactory(name="Staff", is_organisation=True)],
        tags=["Martial law", "မြန်မာ"],
    )


def test_article_page_has_title_description_and_canonical(client, story):
    head = HeadReader(client.get(story.get_absolute_url()).content.decode())
    assert story.headline in head.title
    assert head.one("description") == "Six more townships & two cities."
    assert head.link("canonical") == [f"{SITE}/news/burma/junta-extends-martial-law/"]


def test_article_opengraph_and_twitter_card(client, story):
    head = HeadReader(client.get(story.get_absolute_url() + "?utm_source=x").content.decode())
    assert head.one("og:type") == "article"
    assert head.one("og:title") == story.headline
    assert head.one("og:url") == f"{SITE}/news/burma/junta-extends-martial-law/"
    assert head.one("og:image").startswith(f"{SITE}/media/crops/")
    assert head.one("og:image").endswith(".jpg")
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:type") == "image/jpeg"
    assert head.one("og:image:alt") == story.featured_image.alt_text
    assert head.one("article:section") == "Burma"
    assert sorted(head.meta["article:tag"]) == ["Martial law", "မြန်မာ"]
    published = datetime.fromisoformat(head.one("article:published_time"))
    assert published == story.publish_at
    assert published.utcoffset() == timedelta(hours=6, minutes=30)  # Asia/Yangon
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image").startswith(f"{SITE}/media/")


def test_article_jsonld_parses_and_describes_the_story(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    head = HeadReader(html)
    article, breadcrumbs = (json.loads(block) for block in head.jsonld)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == story.headline
    assert article["datePublished"] == story.publish_at.isoformat()
    assert article["image"][0]["url"].startswith(f"{SITE}/media/")
    assert [(a["@type"], a["name"]) for a in article["author"]] == [
        ("Person", "Aye Aye"),
        ("Organization", "Staff"),
    ]
    assert article["publisher"]["name"]
    assert article["publisher"]["logo"]["url"].endswith("/static/img/publisher-logo.png")
    assert article["mainEntityOfPage"]["@id"] == head.link("canonical")[0]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "The Newsroom",
        "News",
        "Burma",
        story.headline,
    ]
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3, 4]


def test_article_without_image_has_a_summary_card(client):
    story = ArticleFactory(featured_image=None)
    head = HeadReader(client.get(story.get_absolute_url()).content.decode())
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta
    assert "image" not in json.loads(head.jsonld[0])


@pytest.mark.parametrize(
    "url_of",
    [
        lambda story: reverse("articles:home"),
        lambda story: story.primary_section.get_absolute_url(),
        lambda story: reverse("articles:tag", kwargs={"slug": story.tags.first().slug}),
        lambda story: story.authors.first().get_absolute_url(),
        lambda story: reverse("articles:search") + "?q=junta",
    ],
    ids=["home", "section", "tag", "author", "search"],
)
def test_every_page_has_title_description_and_canonical(client, story, url_of):
    url = url_of(story)
    head = HeadReader(client.get(url).content.decode())
    assert head.title.strip()
    assert head.one("description").strip()
    (canonical,) = head.link("canonical")
    assert canonical == SITE + url.split("?")[0]
    assert head.one("og:url") == canonical


def test_static_page_describes_itself(client):
    page = FlatPage.objects.create(
        url="/about/", title="About us", content="<p>We are <b>independent</b> reporters.</p>"
    )
    page.sites.add(Site.objects.get_current())
    head = HeadReader(client.get("/about/").content.decode())
    assert head.one("description") == "We are independent reporters."
    assert head.one("og:title") == "About us"
    assert head.link("canonical") == [f"{SITE}/about/"]


def test_listing_pages_offer_their_own_feeds(client, story):
    tag = story.tags.get(name="Martial law")
    pages = {
        story.primary_section.get_absolute_url(): "/news/burma/feed/",
        reverse("articles:tag", kwargs={"slug": tag.slug}): f"/tag/{tag.slug}/feed/",
        story.authors.first().get_absolute_url(): f"/author/{story.authors.first().slug}/feed/",
    }
    for page, feed in pages.items():
        head = HeadReader(client.get(page).content.decode())
        assert head.link("alternate", "application/rss+xml") == [feed, "/feed/"]
        assert head.link("alternate", "application/atom+xml") == [feed + "atom/", "/feed/atom/"]


def test_home_offers_the_site_feed(client):
    head = HeadReader(client.get(reverse("articles:home")).content.decode())
    assert head.link("alternate", "application/rss+xml") == ["/feed/"]


def test_second_page_canonical_keeps_page_number(client, story):
    for number in range(25):
        ArticleFactory(primary_section=story.primary_section, headline=f"More {number}")
    url = story.primary_section.get_absolute_url()
    head = HeadReader(client.get(url + "?page=2&utm_source=x").content.decode())
    assert head.link("canonical") == [f"{SITE}{url}?page=2"]


def test_search_results_are_not_indexed(client):
    head = HeadReader(client.get(reverse("articles:search") + "?q=x").content.decode())
    assert head.one("robots") == "noindex, follow"
