"""Cached story lists forget an article as soon as an editor changes it."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.caching import VERSION_KEY
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def widget(html: str, css_class: str) -> str:
    start = html.index(f'class="widget {css_class}"')
    return html[start : html.index("</section>", start)]


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
    cache.delete(VERSION_KEY)  # evicted
    assert "Popular pick" not in client.get("/").content.decode()
