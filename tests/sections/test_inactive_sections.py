"""An inactive section leaves the menus and its own page answers 404; a published story
filed under it stays public (one rule: `published()`), so its page, every list that
shows it and its breadcrumb agree."""

import json
import re

import pytest

from articles.models import Article
from sections.models import Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived_story():
    news = SectionFactory(name="News", slug="news")
    elections = SectionFactory(name="Elections 2020", slug="elections-2020", parent=news)
    results = SectionFactory(name="Results", slug="results", parent=elections)
    story = ArticleFactory(
        headline="Results by township",
        primary_section=results,
        authors=[AuthorFactory(slug="aye-aye")],
        tags=["Vote"],
    )
    Section.objects.filter(pk=elections.pk).update(is_active=False)
    return Article.objects.get(pk=story.pk)


def test_the_story_answers_at_its_address(client, archived_story):
    response = client.get(archived_story.get_absolute_url())

    assert response.status_code == 200
    assert b"Results by township" in response.content


def test_the_inactive_sections_own_pages_and_feeds_are_gone(client, archived_story):
    for url in [
        "/news/elections-2020/",
        "/news/elections-2020/results/",
        "/news/elections-2020/feed/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_breadcrumb_links_only_to_pages_that_exist(client, archived_story):
    html = client.get(archived_story.get_absolute_url()).content.decode()
    crumbs = [link["href"] for link in parse(html).all("nav.breadcrumbs a")]
    structured = [
        block
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if "BreadcrumbList" in block
    ]

    assert "/news/" in crumbs
    assert not [link for link in crumbs if "elections-2020" in link]
    for link in crumbs:
        assert client.get(link).status_code == 200
    assert "elections-2020/" not in json.loads(structured[0])["itemListElement"][-2]["item"]


@pytest.mark.parametrize(
    "url", ["/", "/tag/vote/", "/author/aye-aye/", "/feed/", "/sitemap-articles.xml"]
)
def test_the_lists_that_show_it_link_to_a_live_page(client, archived_story, url):
    assert archived_story.get_absolute_url() in client.get(url).content.decode()
