"""RSS 2.0 and Atom feeds for the latest stories and each section, tag and author."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = "http://news.example"


@pytest.fixture
def newsroom():
    news = SectionFactory(name="News", slug="news")
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    sport = SectionFactory(name="Sport", slug="sport")
    reporter = AuthorFactory(name="Aye Aye", slug="aye-aye")
    lead = ArticleFactory(
        headline="Junta extends martial law",
        slug="martial-law",
        standfirst="Six more townships.",
        body="<p>Full <strong>story</strong> text.</p>",
        primary_section=burma,
        featured_image=ImageFactory(),
        authors=[reporter, AuthorFactory(name="Staff")],
        tags=["Martial law", "ရန်ကုန်"],
    )
    ArticleFactory(
        headline="Cup final",
        primary_section=sport,
        publish_at=timezone.now() - timedelta(hours=5),
    )
    return lead


def test_latest_rss_has_full_item_details(client, newsroom):
    items = rss_items(client, reverse("articles:feed"))
    assert [item.findtext("title") for item in items] == ["Junta extends martial law", "Cup final"]
    item = items[0]
    assert item.findtext("link") == "http://news.example/news/burma/martial-law/"
    assert item.findtext("description") == "Six more townships."
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Aye Aye, Staff"
    assert [c.text for c in item.findall("category")] == ["Burma", "Martial law", "ရန်ကုန်"]
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("http://news.example/media/images/")
    assert enclosure.get("type") == "image/png"
    assert int(enclosure.get("length")) > 0
    assert item.findtext("pubDate")


def test_full_text_is_a_setting_with_absolute_links(client, newsroom, settings):
    settings.FEEDS_FULL_TEXT = True
    Article.objects.filter(pk=newsroom.pk).update(
        body='<p>Full <strong>story</strong> <a href="/news/">text</a>.</p>'
        '<img src="/media/images/a.png" alt="A"><a href="https://other.example/x">x</a>'
    )
    item = rss_items(client, reverse("articles:feed"))[0]
    assert item.findtext("description") == (
        '<p>Full <strong>story</strong> <a href="http://news.example/news/">text</a>.</p>'
        '<img src="http://news.example/media/images/a.png" alt="A">'
        '<a href="https://other.example/x">x</a>'
    )


def test_latest_atom(client, newsroom):
    entries = atom_entries(client, reverse("articles:feed-atom"))
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "Junta extends martial law"
    assert entry.find(f"{ATOM}link").get("href") == "http://news.example/news/burma/martial-law/"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Aye Aye, Staff"
    assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}published")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")][0] == "Burma"


def test_section_feed_includes_subsections(client, newsroom):
    for name in ("section-feed", "section-feed-atom"):
        url = reverse(f"articles:{name}", kwargs={"path": "news"})
        response = client.get(url)
        assert b"Junta extends martial law" in response.content
        assert b"Cup final" not in response.content
    assert client.get("/no-such-section/feed/").status_code == 404


def test_tag_and_author_feeds(client, newsroom):
    tag = newsroom.tags.get(name="ရန်ကုန်")
    for url in (
        reverse("articles:tag-feed", kwargs={"slug": tag.slug}),
        reverse("articles:tag-feed-atom", kwargs={"slug": tag.slug}),
        reverse("articles:author-feed", kwargs={"slug": "aye-aye"}),
        reverse("articles:author-feed-atom", kwargs={"slug": "aye-aye"}),
    ):
        response = client.get(url)
        assert b"Junta extends martial law" in response.content, url
        assert b"Cup final" not in response.content
    assert client.get("/tag/nothing/feed/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"publish_at_offset": timedelta(hours=1)},
    ],
)
def test_feeds_never_show_unpublished_stories(client, newsroom, hidden):
    offset = hidden.pop("publish_at_offset", timedelta(hours=-1))
    ArticleFactory(
        headline="SECRET story",
        primary_section=newsroom.primary_section,
        publish_at=timezone.now() + offset,
        authors=list(newsroom.authors.all()),
        tags=["Martial law"],
        **hidden,
    )
    tag = newsroom.tags.get(name="Martial law")
    for url in (
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:section-feed", kwargs={"path": "news/burma"}),
        reverse("articles:tag-feed", kwargs={"slug": tag.slug}),
        reverse("articles:author-feed", kwargs={"slug": "aye-aye"}),
    ):
        assert b"SECRET" not in client.get(url).content, url


@pytest.mark.parametrize("stories", [3, 30])
def test_feed_queries_do_not_grow_with_items(client, django_assert_max_num_queries, stories):
    """Guards against a query per item (authors, tags, section, image)."""
    section = SectionFactory()
    author = AuthorFactory()
    for number in range(stories):
        ArticleFactory(
            primary_section=section,
            authors=[author],
            tags=[f"tag-{number}"],
            featured_image=ImageFactory(),
        )
    client.get(reverse("articles:feed"))  # warm the site cache
    with django_assert_max_num_queries(4):
        assert len(rss_items(client, reverse("articles:feed"))) == stories


MARKUP = '<img src="x" onerror="alert(1)"><b>Bold</b> & "quoted"'


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_markup_typed_in_a_plain_text_field_is_text_in_feed_readers(client, url):
    """RSS `<description>` and Atom `<summary type="html">` are HTML to a feed reader:
    a standfirst is plain text, so it goes there escaped."""
    ArticleFactory(standfirst=MARKUP)

    root = ET.fromstring(client.get(url).content)
    summaries = [*root.iter("description"), *root.iter(f"{ATOM}summary")]
    item_summary = [element for element in summaries if "Bold" in (element.text or "")]

    assert len(item_summary) == 1
    assert item_summary[0].text == (
        "&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;&lt;b&gt;Bold&lt;/b&gt;"
        " &amp; &quot;quoted&quot;"
    )


def test_a_section_description_is_text_in_both_feed_kinds(client):
    SectionFactory(slug="opinion", description="<i>Views</i> & voices")

    rss = ET.fromstring(client.get("/opinion/feed/").content).find("channel")
    atom = ET.fromstring(client.get("/opinion/feed/atom/").content)

    assert rss.find("description").text == "&lt;i&gt;Views&lt;/i&gt; &amp; voices"
    assert atom.find(f"{ATOM}subtitle").text == "<i>Views</i> & voices"
