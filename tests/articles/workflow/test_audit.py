"""The audit trail: one row per story action, with who and when, kept after deletion."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from tests.articles.test_admin import article_form_data
from tests.articles.workflow.conftest import change_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Action = ArticleEvent.Action


def actions(article) -> list[str]:
    return list(
        ArticleEvent.objects.filter(article_number=article.pk)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )


def test_saves_in_the_admin_record_each_status_change_by_the_editor(
    admin_client, admin_user, section
):
    data = article_form_data(section, status=Article.Status.DRAFT)
    data.update({f"corrections-{key}": "0" for key in ("TOTAL_FORMS", "INITIAL_FORMS")})
    assert admin_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    story = Article.objects.get()
    url = reverse("admin:articles_article_change", args=[story.pk])
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    steps = [
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.DRAFT},
        {
            "status": Article.Status.PUBLISHED,
            "publish_at_0": later.strftime("%Y-%m-%d"),
            "publish_at_1": later.strftime("%H:%M:%S"),
        },
        {"status": Article.Status.PUBLISHED, "publish_at_0": "", "publish_at_1": ""},
        {"status": Article.Status.UNPUBLISHED},
    ]
    for step in steps:
        story.refresh_from_db()
        response = admin_client.post(url, change_data(story, **step))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert actions(story) == [
        Action.CREATED,
        Action.SUBMITTED,
        Action.RETURNED,
        Action.SCHEDULED,
        Action.PUBLISHED,
        Action.UNPUBLISHED,
    ]
    assert set(ArticleEvent.objects.values_list("user", flat=True)) == {admin_user.pk}


def test_bulk_actions_are_audited(admin_client, admin_user, section):
    stories = [
        ArticleFactory(primary_section=section, status=Article.Status.DRAFT, publish_at=None)
        for _ in range(2)
    ]
    url = reverse("admin:articles_article_changelist")
    pks = [story.pk for story in stories]
    admin_client.post(url, {"action": "publish_now", "_selected_action": pks})
    admin_client.post(url, {"action": "unpublish", "_selected_action": pks})
    for story in stories:
        assert actions(story)[-2:] == [Action.PUBLISHED, Action.UNPUBLISHED]
    assert ArticleEvent.objects.filter(user=admin_user).count() == 4


def test_deleting_keeps_the_trail_with_the_headline(admin_client, admin_user, section):
    one = ArticleFactory(primary_section=section, headline="Deleted alone")
    many = [ArticleFactory(primary_section=section, headline=f"Deleted {n}") for n in range(2)]
    admin_client.post(reverse("admin:articles_article_delete", args=[one.pk]), {"post": "yes"})
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in many], "post": "yes"},
    )
    assert not Article.objects.exists()
    deleted = ArticleEvent.objects.filter(action=Action.DELETED)
    assert set(deleted.values_list("article_headline", flat=True)) == {
        "Deleted alone",
        "Deleted 0",
        "Deleted 1",
    }
    assert set(deleted.values_list("article", "user")) == {(None, admin_user.pk)}
    page = admin_client.get(reverse("admin:articles_articleevent_changelist")).content.decode()
    assert "Deleted alone" in page


def test_audit_list_is_read_only_and_filters(admin_client, section):
    ArticleFactory(primary_section=section, headline="Filed story")
    url = reverse("admin:articles_articleevent_changelist")
    response = admin_client.get(url, {"action": Action.CREATED})
    assert response.status_code == 200 and "Filed story" in response.content.decode()
    assert "Filed story" not in admin_client.get(url, {"action": Action.DELETED}).content.decode()
    assert admin_client.get(reverse("admin:articles_articleevent_add")).status_code == 403


@pytest.mark.parametrize("count", [2, 30])
def test_audit_list_query_count_is_constant(
    admin_client, section, count, django_assert_max_num_queries
):
    """Guards N+1 over each event's story and user."""
    for _ in range(count):
        ArticleFactory(primary_section=section)
    with django_assert_max_num_queries(10):
        assert (
            admin_client.get(reverse("admin:articles_articleevent_changelist")).status_code == 200
        )
