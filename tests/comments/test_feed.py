"""A story's comments feed: approved comments of a published story, escaped."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.comments.commenters import comment
from tests.factories import ArticleFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(headline="Curfew lifted")


def feed(client, story):
    return client.get(reverse("comments:feed", args=[story.pk]))


def test_the_feed_holds_the_approved_comments_newest_first(client, story):
    ko = make_reader("Ko Ko")
    first = comment(story, ko, "First")
    comment(story, ko, "Reply", parent=first)
    comment(story, ko, "Waiting", status="pending")
    comment(story, ko, "Junk", status="spam")
    response = feed(client, story)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    assert xml.index("&lt;p&gt;Reply&lt;/p&gt;") < xml.index("&lt;p&gt;First&lt;/p&gt;")
    assert "Waiting" not in xml and "Junk" not in xml
    assert f"{story.get_absolute_url()}#comment-{first.pk}</link>" in xml
    assert "<title>Comments on Curfew lifted</title>" in xml


def test_names_and_bodies_are_escaped(client, story):
    attacker = make_reader("<script>alert(1)</script>")
    comment(story, attacker, '<img src=x onerror="alert(2)"> https://example.org')
    xml = feed(client, story).content.decode()
    assert "<script>" not in xml and "<img" not in xml
    # A name is text in XML; a body is HTML, escaped as text, inside the XML.
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; on Curfew lifted</title>" in xml
    assert "&amp;lt;img src=x onerror=&amp;quot;alert(2)&amp;quot;&amp;gt;" in xml
    assert 'rel="nofollow ugc noopener"' in xml


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.UNPUBLISHED])
def test_an_unpublished_story_has_no_feed(client, story, status):
    comment(story, make_reader("Ko Ko"), "Hello")
    Article.objects.filter(pk=story.pk).update(status=status)
    assert feed(client, story).status_code == 404


def test_the_story_page_links_its_comments_feed(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    href = reverse("comments:feed", args=[story.pk])
    link = '<link rel="alternate" type="application/rss+xml" title="Comments on Curfew lifted"'
    assert f'{link} href="{href}">' in html


def queries_for_feed(story) -> int:
    """Queries of the feed's second request (the first fills the site's row and the
    content version's caches, whatever the comments)."""
    feed(Client(), story)
    with CaptureQueriesContext(connection) as queries:
        feed(Client(), story)
    return len(queries)


def test_the_feed_runs_the_same_queries_for_many_comments(story):
    """Guards an N+1 over the comments' authors and their story."""
    comment(story, make_reader("Ko Ko"), "One")
    one = queries_for_feed(story)
    for n in range(20):
        comment(story, make_reader(f"Reader {n}"), "Another")
    assert feed(Client(), story).content.decode().count("<item>") == 21
    assert queries_for_feed(story) == one <= 4
