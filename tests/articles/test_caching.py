"""Cached story lists forget an article as soon as an editor changes it."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.caching import VERSION_KEY
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def widget(html: str, css_class: str) -> str:
    """The text of one sidebar widget ("most-read", "recommended")."""
    return parse(html).one(f"section.widget.{css_class}").text


def widget_stories(html: str, css_class: str) -> list[str]:
    return [item.text for item in parse(html).one(f"section.widget.{css_class}").all("li")]


@pytest.fixture
def popular_pick():
    section = SectionFactory(name="News", slug="news")
    story = ArticleFactory(primary_section=section, headline="Popular pick", is_recommended=True)
    story.daily_views.create(day=timezone.localdate(), count=500)
    return story


def test_unpublishing_in_bulk_empties_the_cached_widgets(admin_client, client, popular_pick):
    html = client.get("/").content.decode()
    assert "Popular pick" in widget(html, "most-read")
    assert "Popular pick" in widget(html, "recommended")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [popular_pick.pk]},
    )
    html = client.get("/").content.decode()
    assert "Popular pick" not in html


def test_saving_an_article_empties_the_cached_widgets(client, popular_pick):
    client.get("/")
    popular_pick.status = Article.Status.DRAFT
    popular_pick.save()
    assert "Popular pick" not in client.get("/").content.decode()


def test_a_lost_version_never_brings_back_an_older_list(client, popular_pick):
    """The version key can be evicted while lists cached under an old version are not:
    the version must restart somewhere no earlier version has been."""
    client.get("/")  # widgets cached under the first version
    popular_pick.status = Article.Status.DRAFT
    popular_pick.save()  # a new version
    caches["shared"].delete(VERSION_KEY)  # evicted
    assert "Popular pick" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "retract",
    [
        lambda story: Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT),
        lambda story: Article.objects.filter(pk=story.pk).update(
            publish_at=timezone.now() + timedelta(days=1)
        ),
        lambda story: raw_sql(
            f"UPDATE {Article._meta.db_table} SET status = 'unpublished' WHERE id = %s", story.pk
        ),
    ],
    ids=["update-status", "update-reschedule", "raw-sql"],
)
def test_a_story_retracted_without_signals_leaves_the_widgets_at_once(
    client, popular_pick, retract
):
    """`QuerySet.update()` and SQL send no signal: what the widgets show passes through
    `published()` on every page, whatever the cache holds."""
    html = client.get("/").content.decode()
    assert "Popular pick" in widget(html, "most-read")
    assert "Popular pick" in widget(html, "recommended")

    retract(popular_pick)

    assert "Popular pick" not in client.get("/").content.decode()


def test_a_retracted_story_makes_room_for_the_next_one(client, popular_pick):
    runner_up = ArticleFactory(headline="Runner-up", is_recommended=True)
    runner_up.daily_views.create(day=timezone.localdate(), count=10)
    for n in range(4):
        ArticleFactory(headline=f"Pick {n}", is_recommended=True)
    client.get("/")

    Article.objects.filter(pk=popular_pick.pk).update(status=Article.Status.DRAFT)

    html = client.get("/").content.decode()
    assert "Runner-up" in widget(html, "most-read")
    assert len(widget_stories(html, "recommended")) == 5


def test_an_editors_change_in_another_process_reaches_this_ones_widgets(client, settings):
    """Without Redis each process has its own local-memory cache: the content version
    lives in a store they all share, so a pick made in one process shows in all."""
    fresh = ArticleFactory(headline="Fresh story")
    for n in range(5):
        ArticleFactory(headline=f"Old pick {n}", is_recommended=True)
    assert "Fresh story" not in widget(client.get("/").content.decode(), "recommended")

    other_process = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    with override_settings(CACHES={**settings.CACHES, "default": other_process}):
        fresh.is_recommended = True
        fresh.save()

    assert "Fresh story" in widget(client.get("/").content.decode(), "recommended")


def raw_sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
