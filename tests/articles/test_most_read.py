"""Most Read and Recommended: windows, visibility, ordering, filling and query counts.

(The widgets that show them, and how an editor's change reaches them: test_caching.)"""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles import selectors
from articles.caching import content_version
from articles.models import Article
from articles.readership import counting
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def views(article, count, *, days_ago=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    counting.add_views({(article.pk, day): count})


def headlines(articles):
    return [article.headline for article in articles]


def test_most_read_ranks_by_views_in_the_window():
    quiet, busy, busiest = (ArticleFactory(headline=name) for name in ("quiet", "busy", "top"))
    views(quiet, 5)
    views(busy, 20)
    views(busiest, 15, days_ago=1)
    views(busiest, 15, days_ago=6)
    assert headlines(selectors.most_read(limit=5)) == ["top", "busy", "quiet"]


def test_views_older_than_the_window_do_not_count(settings):
    old_hit, recent = ArticleFactory(headline="old hit"), ArticleFactory(headline="recent")
    views(old_hit, 1000, days_ago=7)  # day 8 of a 7-day window
    views(recent, 1)
    assert headlines(selectors.most_read(limit=5)) == ["recent"]
    assert headlines(selectors.most_read(limit=5, days=8)) == ["old hit", "recent"]
    settings.MOST_READ_DAYS = 30
    assert headlines(selectors.most_read(limit=5)) == ["old hit", "recent"]


def test_ties_go_to_the_newer_story():
    now = timezone.now()
    older = ArticleFactory(headline="older", publish_at=now - datetime.timedelta(days=2))
    newer = ArticleFactory(headline="newer", publish_at=now - datetime.timedelta(hours=2))
    views(older, 10)
    views(newer, 10)
    assert headlines(selectors.most_read(limit=5)) == ["newer", "older"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_most_read_shows_only_published_stories(hidden):
    secret = ArticleFactory(headline="hidden", **hidden)
    shown = ArticleFactory(headline="shown")
    views(secret, 500)
    views(shown, 1)
    assert headlines(selectors.most_read(limit=5)) == ["shown"]


def test_most_read_in_a_section_includes_its_subsections():
    news = SectionFactory(slug="news")
    burma = SectionFactory(slug="burma", parent=news)
    sport = SectionFactory(slug="sport")
    in_burma = ArticleFactory(headline="burma story", primary_section=burma)
    in_sport = ArticleFactory(headline="sport story", primary_section=sport)
    views(in_burma, 3)
    views(in_sport, 30)
    assert headlines(selectors.most_read(limit=5, section=news)) == ["burma story"]
    assert headlines(selectors.most_read(limit=5, section=sport)) == ["sport story"]


def test_most_read_honours_the_limit():
    for n in range(4):
        views(ArticleFactory(headline=f"story {n}"), n + 1)
    assert headlines(selectors.most_read(limit=2)) == ["story 3", "story 2"]


def test_the_ranking_is_cached_but_an_unpublished_story_drops_out_at_once():
    first, second = ArticleFactory(headline="first"), ArticleFactory(headline="second")
    views(first, 10)
    views(second, 5)
    assert headlines(selectors.most_read(limit=5)) == ["first", "second"]

    views(second, 50)  # not visible until the cached ranking expires
    Article.objects.filter(pk=first.pk).update(status=Article.Status.UNPUBLISHED)
    assert headlines(selectors.most_read(limit=5)) == ["second"]


def shown_as_links(story) -> bool:
    return bool(story.primary_section.name and story.featured_image.alt_text)


@pytest.mark.parametrize("stories", [3, 30])
def test_most_read_runs_a_fixed_number_of_queries(stories, django_assert_max_num_queries):
    """Guards against an N+1 over the sections or images of the listed stories."""
    for n in range(stories):
        views(ArticleFactory(featured_image=ImageFactory()), n + 1)
    page = RequestFactory().get("/")
    content_version(page)  # read once per page, whatever the page shows
    # The ranking, the next scheduled publish (the cache's lifetime), the stories.
    with django_assert_max_num_queries(3):
        listed = selectors.most_read(limit=stories, request=page)
        assert all(shown_as_links(story) for story in listed)
    assert len(listed) == stories


def pick(article, *, hours_ago):
    Article.objects.filter(pk=article.pk).update(
        is_recommended=True, recommended_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )


def test_recommended_lists_picks_most_recently_picked_first():
    early, late = ArticleFactory(headline="picked early"), ArticleFactory(headline="picked late")
    pick(early, hours_ago=5)
    pick(late, hours_ago=1)
    ArticleFactory(headline="filler")
    assert headlines(selectors.recommended(limit=2)) == ["picked late", "picked early"]


def test_recommended_fills_from_most_read_then_the_newest_without_repeats():
    now = timezone.now()
    picked = ArticleFactory(headline="picked", publish_at=now - datetime.timedelta(days=3))
    popular = ArticleFactory(headline="popular", publish_at=now - datetime.timedelta(days=2))
    ArticleFactory(headline="newest", publish_at=now - datetime.timedelta(minutes=5))
    ArticleFactory(headline="older", publish_at=now - datetime.timedelta(days=4))
    pick(picked, hours_ago=1)
    views(picked, 100)
    views(popular, 10)
    assert headlines(selectors.recommended(limit=3)) == ["picked", "popular", "newest"]


def test_recommended_never_shows_an_unpublished_pick():
    draft = ArticleFactory(headline="draft pick", status=Article.Status.DRAFT)
    pick(draft, hours_ago=1)
    ArticleFactory(headline="published")
    assert headlines(selectors.recommended(limit=3)) == ["published"]


@pytest.mark.parametrize("stories", [3, 30])
def test_recommended_runs_a_fixed_number_of_queries(stories, django_assert_max_num_queries):
    """Guards against an N+1 while filling or while rendering the links."""
    for n in range(stories):
        article = ArticleFactory(featured_image=ImageFactory())
        if n % 2:
            pick(article, hours_ago=n)
    page = RequestFactory().get("/")
    content_version(page)
    # Picks, the Most Read fill, the newest fill, the next scheduled publish, the stories.
    with django_assert_max_num_queries(5):
        listed = selectors.recommended(limit=stories, request=page)
        assert all(shown_as_links(story) for story in listed)
    assert len(listed) == stories
