"""The editors' "Most viewed" page, and that no admin form can set a view count."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article
from articles.readership import counting
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/mostviewedarticle/"


def views(article, count, *, days_ago=0):
    counting.add_views(
        {(article.pk, timezone.localdate() - datetime.timedelta(days=days_ago)): count}
    )


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def rows(response) -> list[tuple[str, int]]:
    return [(article.headline, article.recent_views) for article in response.context["rows"]]


def test_most_viewed_ranks_by_period(editor):
    today, week, month = (ArticleFactory(headline=name) for name in ("today", "week", "month"))
    views(today, 5)
    views(week, 50, days_ago=3)
    views(month, 500, days_ago=20)

    assert rows(editor.get(URL)) == [("week", 50), ("today", 5)]
    assert rows(editor.get(URL, {"period": "1"})) == [("today", 5)]
    assert rows(editor.get(URL, {"period": "30"})) == [("month", 500), ("week", 50), ("today", 5)]
    response = editor.get(URL, {"period": "30"})
    assert "500" in response.content.decode() and "month" in response.content.decode()


def test_most_viewed_per_section(editor):
    news = SectionFactory(slug="news")
    sport = SectionFactory(slug="sport")
    views(ArticleFactory(headline="in news", primary_section=news), 3)
    views(ArticleFactory(headline="in sport", primary_section=sport), 9)
    assert rows(editor.get(URL, {"section": news.pk})) == [("in news", 3)]


@pytest.mark.parametrize("query", [{"period": "365"}, {"period": "x"}, {"section": "abc"}])
def test_junk_filters_fall_back_to_the_default(editor, query):
    views(ArticleFactory(headline="story"), 2)
    response = editor.get(URL, query)
    assert response.status_code == 200
    assert rows(response) == [("story", 2)]


def test_staff_without_the_article_view_permission_are_refused(client):
    client.force_login(User.objects.create_user("intern", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


def test_the_page_has_no_add_change_or_delete():
    with pytest.raises(NoReverseMatch):
        reverse("admin:articles_mostviewedarticle_add")
    with pytest.raises(NoReverseMatch):
        reverse("admin:articles_mostviewedarticle_change", args=[1])


def test_most_viewed_runs_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    """Guards against a query per listed article (sections, counts)."""
    for n in range(30):
        views(ArticleFactory(), n + 1)
    admin_client.get(URL)  # warm the session and section tree caches
    with django_assert_max_num_queries(8):
        assert len(admin_client.get(URL).context["rows"]) == 30


def test_the_article_form_cannot_set_a_view_count(admin_client):
    article = ArticleFactory()
    views(article, 7)
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'name="view_count"' not in page.content.decode()
    assert Article._meta.get_field("view_count").editable is False
