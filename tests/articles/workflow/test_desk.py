"""The editors' desk on the admin's front page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.readership import counting
from tests.articles.workflow.conftest import logged_in
from tests.factories import ArticleFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def desk_list(page, list_id) -> list[str]:
    return [link.text for link in parse(page.content).all(f"#{list_id} th a")]


def start_of_newsroom_day():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def newsroom(people, section):
    writer = people["contributor"]
    stories = {
        "draft": ArticleFactory(
            headline="My draft",
            status="draft",
            publish_at=None,
            created_by=writer,
            primary_section=section,
        ),
        "review": ArticleFactory(
            headline="In review",
            status="review",
            publish_at=None,
            created_by=people["other_contributor"],
            primary_section=section,
        ),
        "scheduled": ArticleFactory(
            headline="Tomorrow",
            publish_at=timezone.now() + timedelta(days=1),
            primary_section=section,
        ),
        "today": ArticleFactory(
            headline="Out today",
            # A few minutes ago, but never before the newsroom's midnight.
            publish_at=max(timezone.now() - timedelta(minutes=5), start_of_newsroom_day()),
            primary_section=section,
        ),
        "old": ArticleFactory(
            headline="Last week",
            publish_at=timezone.now() - timedelta(days=7),
            primary_section=section,
        ),
    }
    counting.add_views({(stories["old"].pk, timezone.localdate()): 40})
    return stories


def test_editor_desk_lists_what_needs_someone(people, newsroom):
    page = logged_in(people["editor"]).get(INDEX)
    assert desk_list(page, "desk-waiting") == ["In review"]
    assert desk_list(page, "desk-scheduled") == ["Tomorrow"]
    assert "Out today" in desk_list(page, "desk-published-today")
    assert "Last week" not in desk_list(page, "desk-published-today")
    assert desk_list(page, "desk-most-viewed") == ["Last week"]


def test_contributor_desk_shows_their_own_stories_only(people, newsroom):
    page = logged_in(people["contributor"]).get(INDEX)
    assert desk_list(page, "desk-my-drafts") == ["My draft"]
    assert desk_list(page, "desk-waiting") == []
    assert desk_list(page, "desk-scheduled") == []


def test_scheduled_times_are_the_newsrooms(people, section, settings):
    settings.TIME_ZONE = "Asia/Yangon"
    when = datetime(2099, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Yangon"))
    ArticleFactory(headline="Later", publish_at=when, primary_section=section)
    page = logged_in(people["editor"]).get(INDEX)
    time = parse(page.content).one("#desk-scheduled time")
    assert time.text == "Sun 1 Mar, 09:30"
    assert "Asia/Yangon" in page.text


def test_desk_takes_a_fixed_number_of_queries(people, section, django_assert_max_num_queries):
    """One query per list (session, user, permissions and the two asking whether the
    user has a second factor besides): many stories do not mean more queries (no N+1
    on sections or view counts)."""
    for n in range(15):
        ArticleFactory(status="review", publish_at=None, primary_section=section)
        ArticleFactory(publish_at=timezone.now() + timedelta(hours=n + 1))
        story = ArticleFactory(publish_at=timezone.now() - timedelta(minutes=n + 1))
        counting.add_views({(story.pk, timezone.localdate()): n + 1})
    client = logged_in(people["editor"])
    with django_assert_max_num_queries(12):
        assert client.get(INDEX).status_code == 200


def test_staff_without_story_access_get_no_desk(db, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("mailer", is_staff=True))
    page = client.get(INDEX)
    assert page.status_code == 200
    assert parse(page.content).first(".newsroom-desk") is None
    assert Article.objects.count() == 0
