"""Comments keep the story page light and cacheable: anonymous readers get no cookie
and the kept page, which a newly approved comment replaces at once; the page costs
the same queries with no comments as with hundreds."""

import pytest
from django.test import Client

from articles.models import Article
from comments.models import Comment
from tests.articles.test_query_budget import BUDGET, empty_every_cache, queries_for
from tests.comments.commenters import comment, signed_in
from tests.factories import ArticleFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(headline="Curfew lifted")


def test_an_anonymous_story_page_with_comments_sets_no_cookie_and_is_kept(page_cache, story):
    comment(story, make_reader("Ko Ko"), "Hello")
    first = Client().get(story.get_absolute_url())
    assert "Hello" in first.content.decode()
    assert not first.cookies
    assert "cookie" not in first.get("Vary", "").lower()
    second = Client().get(story.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize("how", ["save", "bulk update"])
def test_a_newly_approved_comment_shows_on_the_next_request(page_cache, story, how):
    waiting = comment(story, make_reader("Ko Ko"), "Worth the wait", status="pending")
    before = Client().get(story.get_absolute_url())
    assert "Worth the wait" not in before.content.decode()
    assert Client().get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    if how == "save":
        waiting.status = Comment.Status.APPROVED
        waiting.save()
    else:
        Comment.objects.filter(pk=waiting.pk).update(status=Comment.Status.APPROVED)
    after = Client().get(story.get_absolute_url())
    assert "Worth the wait" in after.content.decode()
    assert "1 comment" in after.content.decode()
    feed = Client().get(f"/comments/story/{story.pk}/feed/")
    assert "Worth the wait" in feed.content.decode()


def test_the_comments_feed_is_kept_like_other_feeds(page_cache, story):
    comment(story, make_reader("Ko Ko"), "Hello")
    url = f"/comments/story/{story.pk}/feed/"
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss" and not first.cookies
    assert Client().get(url)["X-Page-Cache"] == "hit"


def test_a_signed_in_readers_page_is_neither_kept_nor_served_from_the_cache(page_cache, story):
    Client().get(story.get_absolute_url())  # kept for anonymous readers
    client = signed_in(Client(), make_reader("Ma Ei"))
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert 'id="comment-form"' in response.content.decode()
        assert "private" in response["Cache-Control"]


def with_comments(story, count: int) -> None:
    """`count` approved comments from 20 readers, a third of them replies."""
    readers = [make_reader(f"Reader {n}") for n in range(20)]
    tops = Comment.objects.bulk_create(
        Comment(article=story, author=readers[n % 20].user, body=f"Comment {n}", status="approved")
        for n in range(count - count // 3)
    )
    Comment.objects.bulk_create(
        Comment(
            article=story,
            parent=tops[n % len(tops)],
            author=readers[n % 20].user,
            body=f"Reply {n}",
            status="approved",
        )
        for n in range(count // 3)
    )


def story_page_queries(client, story) -> tuple[int, int]:
    """(cold, warm) query counts of the story page, every cache emptied first."""
    empty_every_cache()
    cold = queries_for(client, story.get_absolute_url())
    warm = queries_for(client, story.get_absolute_url())
    return len(cold), len(warm)


def test_the_story_page_runs_the_same_queries_with_0_and_200_comments(client):
    """Guards an N+1 over comments, replies and their authors (and any query the
    thread would cost beyond its cached one)."""
    quiet, busy = ArticleFactory(), ArticleFactory()
    with_comments(busy, 200)
    assert Article.objects.get(pk=busy.pk).comment_count == 200
    quiet_cold, quiet_warm = story_page_queries(client, quiet)
    busy_cold, busy_warm = story_page_queries(client, busy)
    assert busy_cold == quiet_cold <= BUDGET
    assert busy_warm == quiet_warm <= busy_cold
    assert client.get(busy.get_absolute_url()).content.decode().count('class="comment"') == 200


def test_a_signed_in_readers_story_page_runs_the_same_queries_with_0_and_200_comments():
    """Guards an N+1 over the reader's own pending comments, reply links and report
    buttons."""
    quiet, busy = ArticleFactory(), ArticleFactory()
    with_comments(busy, 200)
    reader = make_reader("Ma Ei")
    comment(quiet, reader, "Mine, waiting", status="pending")
    for n in range(3):
        comment(busy, reader, f"Mine, waiting {n}", status="pending")
    client = signed_in(Client(), reader)
    quiet_cold, quiet_warm = story_page_queries(client, quiet)
    busy_cold, busy_warm = story_page_queries(client, busy)
    assert (busy_cold, busy_warm) == (quiet_cold, quiet_warm)
    html = client.get(busy.get_absolute_url()).content.decode()
    assert html.count("Awaiting moderation") == 3
    assert html.count('/report/"') == 200


def test_cards_show_counts_without_a_query_per_story(client, django_assert_max_num_queries):
    """Guards an N+1 over the cards' comment counts (read with each story's row)."""
    stories = [ArticleFactory() for _ in range(5)]
    empty_every_cache()
    without = len(queries_for(client, "/"))
    reader = make_reader("Ko Ko")
    for story in stories:
        comment(story, reader, "Hello")
    empty_every_cache()
    with django_assert_max_num_queries(without):
        html = client.get("/").content.decode()
    assert html.count("1 comment</a>") == 5
