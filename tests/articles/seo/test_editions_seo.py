"""What search engines and feed readers learn of the editions: `hreflang` pairs in the
sitemap, each story's language in JSON-LD and the news sitemap, each edition's in its
feeds."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.editions import pair
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = "http://news.example"


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


@pytest.fixture
def paired(news):
    english = ArticleFactory(primary_section=news, slug="curfew-lifted")
    burmese = ArticleFactory(primary_section=news, slug="curfew-my", language="my")
    pair(english, burmese)
    return english, burmese


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Each URL of the articles sitemap → its alternates (hreflang → URL)."""
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 200
    return {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in ET.fromstring(response.content).iter(f"{SM}url")
    }


def test_the_sitemap_lists_both_editions_with_their_pairs(client, paired, news):
    alone = ArticleFactory(primary_section=news, slug="alone", language="my")
    pair_of_links = {
        "en": "http://news.example/news/curfew-lifted/",
        "my": "http://news.example/my/news/curfew-my/",
        "x-default": "http://news.example/news/curfew-lifted/",
    }
    assert sitemap_entries(client) == {
        "http://news.example/news/curfew-lifted/": pair_of_links,
        "http://news.example/my/news/curfew-my/": pair_of_links,
        f"http://news.example{alone.get_absolute_url()}": {},
    }


@pytest.mark.parametrize(
    "hide",
    [
        {"status": Article.Status.UNPUBLISHED},
        {"publish_at": timezone.now() + timedelta(hours=3)},
    ],
    ids=["unpublished", "scheduled"],
)
def test_the_sitemap_pairs_no_story_with_a_counterpart_not_published(client, paired, hide):
    english, burmese = paired
    Article.objects.filter(pk=burmese.pk).update(**hide)
    assert sitemap_entries(client) == {"http://news.example/news/curfew-lifted/": {}}


@pytest.mark.parametrize("pairs", [1, 10])
def test_sitemap_pairs_cost_no_query_each(client, news, pairs):
    """Guards against a query per counterpart (its address and published check)."""
    for number in range(pairs):
        english = ArticleFactory(primary_section=news)
        pair(english, ArticleFactory(primary_section=news, language="my", slug=f"my-{number}"))
    client.get("/sitemap-articles.xml")
    with CaptureQueriesContext(connection) as captured:
        assert len(sitemap_entries(client)) == 2 * pairs
    assert len(captured.captured_queries) <= 3


def test_the_sections_sitemap_pairs_each_section_in_both_editions(client, news):
    root = ET.fromstring(client.get("/sitemap-sections.xml").content)
    both = {
        "en": "http://news.example/news/",
        "my": "http://news.example/my/news/",
        "x-default": "http://news.example/news/",
    }
    assert {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SM}url")
    } == {"http://news.example/news/": both, "http://news.example/my/news/": both}


def test_tag_and_author_pages_are_listed_in_each_edition_with_stories_on_them(client, news):
    reporter = AuthorFactory(slug="ma-thida")
    ArticleFactory(primary_section=news, tags=["curfew"], authors=[reporter])
    ArticleFactory(primary_section=news, tags=["curfew", "yangon"], language="my")
    ArticleFactory(
        primary_section=news,
        tags=["draft-only"],
        authors=[reporter],
        language="my",
        status=Article.Status.DRAFT,
    )
    tags = ET.fromstring(client.get("/sitemap-tags.xml").content)
    assert [loc.text for loc in tags.iter(f"{SM}loc")] == [
        "http://news.example/tag/curfew/",
        "http://news.example/my/tag/curfew/",
        "http://news.example/my/tag/yangon/",
    ]
    authors = ET.fromstring(client.get("/sitemap-authors.xml").content)
    assert [loc.text for loc in authors.iter(f"{SM}loc")] == [
        "http://news.example/author/ma-thida/"
    ]


def test_the_news_sitemap_gives_each_storys_language(client, paired):
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    languages = {
        url.findtext(f"{SM}loc"): url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language")
        for url in root.iter(f"{SM}url")
    }
    assert languages == {
        "http://news.example/news/curfew-lifted/": "en",
        "http://news.example/my/news/curfew-my/": "my",
    }


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/feed/", "en"),
        ("/my/feed/", "my"),
        ("/my/news/feed/", "my"),
        ("/my/lite/feed/", "my"),
    ],
)
def test_each_editions_rss_feed_says_its_language(client, paired, path, language):
    channel = ET.fromstring(client.get(path).content).find("channel")
    assert channel.findtext("language") == language
    links = [item.findtext("link") for item in channel.iter("item")]
    assert len(links) == 1 and ("/my/" in links[0]) == (language == "my")


def test_the_atom_feed_says_its_editions_language(client, paired):
    feed = ET.fromstring(client.get("/my/feed/atom/").content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "my"
    assert feed.find("{http://www.w3.org/2005/Atom}link").get("href").endswith("/my/")


def test_json_ld_gives_the_storys_language(client, paired):
    for story in paired:
        html = client.get(story.get_absolute_url()).content.decode()
        scripts = parse(html).all("script[type=application/ld+json]")
        blocks = [json.loads(script.text) for script in scripts]
        news_article = next(block for block in blocks if block["@type"] == "NewsArticle")
        assert news_article["inLanguage"] == story.language
