"""The lite edition's feeds (articles/lite/feeds.py): the full text, sanitised, with
images as links and every item linking to its lite page."""

import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from newsroom.site import absolute_url
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

FORGED = (
    "<p>Full text of the story.</p>"
    '<script>alert("x")</script>'
    '<iframe src="https://evil.example/"></iframe>'
    '<p onclick="steal()">Clicked <a href="javascript:steal()">here</a>.</p>'
    '<img src="/media/photo.png" alt="Soldiers at a checkpoint" onerror="steal()">'
    '<object data="https://evil.example/x.swf"></object>'
)


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


def items(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    return [
        {child.tag: child.text for child in item} | {"enclosures": item.findall("enclosure")}
        for item in channel.findall("item")
    ]


def assert_sanitised(description: str) -> None:
    assert "Full text of the story." in description
    for forged in ("<script", "alert(", "<iframe", "evil.example", "onclick", "onerror",
                   "javascript:", "<object", "<img"):  # fmt: skip
        assert forged not in description
    link = f'<a href="{absolute_url("/media/photo.png")}" class="image-link">'
    assert f"{link}[Image: Soldiers at a checkpoint (load)]</a>" in description


@pytest.mark.parametrize("url", ["/lite/feed/", "/lite/news/feed/"])
def test_items_carry_the_full_text_sanitised_with_images_as_links(client, news, url, settings):
    settings.FEEDS_FULL_TEXT = False  # the main feeds' setting leaves the lite feeds alone
    story = ArticleFactory(primary_section=news, slug="checkpoint", body=FORGED)
    [item] = items(client, url)
    assert_sanitised(item["description"])
    assert item["link"] == absolute_url("/lite/news/checkpoint/")
    assert item["enclosures"] == []
    # The main feed, meanwhile, still carries the standfirst only.
    [main] = items(client, "/feed/")
    assert main["description"] == story.standfirst


def test_a_body_changed_without_save_is_sanitised_too(client, news):
    """A body written by SQL never passed `Article.save()`'s sanitiser."""
    story = ArticleFactory(primary_section=news, slug="checkpoint")
    Article.objects.filter(pk=story.pk).update(body=FORGED)
    [item] = items(client, "/lite/feed/")
    assert_sanitised(item["description"])
    html = client.get("/lite/news/checkpoint/").content.decode()
    assert "<script" not in html.split("</style>")[1] and "evil.example" not in html
    assert "Full text of the story." in html


def test_a_featured_image_is_no_enclosure(client, news):
    ArticleFactory(primary_section=news, featured_image=ImageFactory())
    [item] = items(client, "/lite/feed/")
    assert item["enclosures"] == []


def test_an_unknown_section_feed_is_a_404(client):
    assert client.get("/lite/nowhere/feed/").status_code == 404
