"""The readers' admin: names, addresses, comment counts, bans and each one's history."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ReaderProfile
from comments.models import Comment
from tests.comments.readers import comment, make_reader
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

READERS = "/admin/accounts/readerprofile/"


def rows(response) -> dict[str, ReaderProfile]:
    return {profile.display_name: profile for profile in response.context["cl"].result_list}


def test_each_reader_with_address_join_date_counts_ban_and_history(editor_client):
    story = ArticleFactory()
    zaw = make_reader("Ko Zaw")
    hla = make_reader("Ma Hla", banned_at="2026-11-01T00:00:00Z")
    for status in ("approved", "approved", "pending", "spam"):
        comment(story, zaw, status=status)

    response = editor_client.get(READERS)
    listed = rows(response)
    assert (listed["Ko Zaw"].approved_count, listed["Ko Zaw"].total_count) == (2, 4)
    assert (listed["Ma Hla"].approved_count, listed["Ma Hla"].total_count) == (0, 0)
    html = response.content.decode()
    assert "ko.zaw@example.org" in html
    assert f"/admin/comments/comment/?author__id__exact={zaw.pk}&amp;status=all" in html
    assert listed["Ma Hla"].is_banned and not listed["Ko Zaw"].is_banned
    assert set(rows(editor_client.get(READERS + "?banned=yes"))) == {"Ma Hla"}
    assert set(rows(editor_client.get(READERS + "?q=zaw"))) == {"Ko Zaw"}
    assert hla.reader.is_banned


def test_ban_and_unban_actions(editor_client):
    story = ArticleFactory()
    zaw = make_reader("Ko Zaw")
    hla = make_reader("Ma Hla")
    waiting = comment(story, zaw, "Waiting")

    response = editor_client.post(
        READERS, {"action": "ban", ACTION_CHECKBOX_NAME: [zaw.reader.pk]}, follow=True
    )
    assert "1 reader banned." in response.content.decode()
    assert ReaderProfile.objects.get(user=zaw).is_banned
    assert not ReaderProfile.objects.get(user=hla).is_banned
    assert Comment.objects.get(pk=waiting.pk).status == "spam"

    response = editor_client.post(
        READERS, {"action": "unban", ACTION_CHECKBOX_NAME: [zaw.reader.pk]}, follow=True
    )
    assert "1 reader unbanned." in response.content.decode()
    profile = ReaderProfile.objects.get(user=zaw)
    assert not profile.is_banned and profile.ban_reason == ""


def test_the_list_runs_the_same_queries_for_0_and_50_readers(editor_client):
    """Guards an N+1 over each reader's user or comment counts."""
    with CaptureQueriesContext(connection) as empty:
        assert editor_client.get(READERS).status_code == 200
    story = ArticleFactory()
    for n in range(50):
        comment(story, make_reader(f"Reader {n}"), status="approved")
    with CaptureQueriesContext(connection) as full:
        response = editor_client.get(READERS)
    assert len(rows(response)) == 50
    assert len(full.captured_queries) == len(empty.captured_queries)
    assert len(full.captured_queries) <= 10
