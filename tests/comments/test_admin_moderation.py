"""Moderating comments in the admin: the queue, bulk decisions, bans, who may moderate,
and readers' words shown as text."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.utils import timezone

from accounts.models import ReaderProfile
from articles.models import Article
from comments.models import Comment, CommentReport
from tests.comments.readers import comment, make_reader, make_staff
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

COMMENTS = "/admin/comments/comment/"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def story():
    return ArticleFactory(headline="Junta extends emergency rule")


@pytest.fixture
def reader():
    return make_reader("Ko Zaw")


def count(story) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=story.pk)


def act(client, action, comments, query=""):
    return client.post(
        COMMENTS + query,
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in comments]},
        follow=True,
    )


def listed(response) -> list[int]:
    return [row.pk for row in response.context["cl"].result_list]


def test_the_list_opens_on_the_queue_of_pending_comments_oldest_first(editor_client, story, reader):
    now = timezone.now()
    newer = comment(story, reader, "Newer", created_at=now - timedelta(minutes=5))
    older = comment(story, reader, "Older", created_at=now - timedelta(hours=2))
    approved = comment(story, reader, "Approved", status="approved")
    spam = comment(story, reader, "Spam", status="spam")

    queue = editor_client.get(COMMENTS)
    assert queue.status_code == 200
    assert listed(queue) == [older.pk, newer.pk]
    # "Pending" is shown as the chosen status, and "All" is one click away.
    html = queue.content.decode()
    assert 'href="?status=all"' in html

    everything = editor_client.get(COMMENTS + "?status=all")
    assert set(listed(everything)) == {older.pk, newer.pk, approved.pk, spam.pk}
    assert listed(editor_client.get(COMMENTS + "?status=spam")) == [spam.pk]
    # A made-up status is an empty list, not an error.
    assert editor_client.get(COMMENTS + "?status=nonsense").status_code == 200


def test_bulk_approve_reject_and_spam_keep_counts_and_say_who_decided(
    editor_client, editor, story, reader
):
    first, second, third = (comment(story, reader, f"Comment {n}") for n in range(3))

    response = act(editor_client, "approve", [first, second])
    assert "2 comments approved." in response.content.decode()
    assert count(story) == 2
    for approved in Comment.objects.filter(pk__in=[first.pk, second.pk]):
        assert approved.status == "approved"
        assert approved.moderated_by == editor
        assert approved.moderated_at is not None

    act(editor_client, "reject", [first], query="?status=all")
    act(editor_client, "mark_spam", [third])
    assert count(story) == 1
    assert Comment.objects.get(pk=first.pk).status == "rejected"
    assert Comment.objects.get(pk=third.pk).status == "spam"
    assert Comment.objects.get(pk=third.pk).moderated_by == editor


def test_approving_again_changes_nothing_and_a_removed_marker_stays_removed(
    editor_client, story, reader
):
    done = comment(story, reader, "Already", status="approved")
    marker = comment(story, None, "", status="removed")
    response = act(editor_client, "approve", [done, marker], query="?status=all")
    assert "0 comments approved." in response.content.decode()
    assert Comment.objects.get(pk=done.pk).moderated_by is None
    assert Comment.objects.get(pk=marker.pk).status == "removed"


def test_banning_readers_bans_them_and_marks_their_waiting_comments_spam(
    editor_client, editor, story, reader
):
    other = make_reader("Ma Hla")
    waiting = comment(story, reader, "Waiting")
    also_waiting = comment(story, reader, "Also waiting")
    published = comment(story, reader, "Published", status="approved")
    bystander = comment(story, other, "Someone else's")

    response = act(editor_client, "ban_readers", [waiting])
    assert "1 reader banned" in response.content.decode()

    profile = ReaderProfile.objects.get(user=reader)
    assert profile.is_banned
    assert not ReaderProfile.objects.get(user=other).is_banned
    for pk in (waiting.pk, also_waiting.pk):
        spam = Comment.objects.get(pk=pk)
        assert spam.status == "spam"
        assert spam.moderated_by == editor
    assert Comment.objects.get(pk=published.pk).status == "approved"
    assert Comment.objects.get(pk=bystander.pk).status == "pending"


def test_editors_moderate_contributors_do_not_and_readers_never_reach_the_admin(
    client, story, reader
):
    comment(story, reader)
    editor = Client()
    editor.force_login(make_staff("ma_thida", "Editor"))
    assert editor.get(COMMENTS).status_code == 200
    assert editor.get("/admin/accounts/readerprofile/").status_code == 200

    contributor = Client()
    contributor.force_login(make_staff("aung", "Contributor"))
    assert contributor.get(COMMENTS).status_code == 403
    assert contributor.get("/admin/accounts/readerprofile/").status_code == 403

    client.force_login(reader)
    response = client.get(COMMENTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_reader_s_script_and_markup_are_shown_as_text(editor_client, story):
    author = make_reader(f"Mallory {SCRIPT}")
    bad = comment(story, author, f"Hello {SCRIPT}\n<b>bold</b>")
    CommentReport.objects.create(comment=bad, reporter=make_reader("Ma Hla"), reason=SCRIPT)

    for url in (COMMENTS, f"{COMMENTS}{bad.pk}/change/"):
        html = editor_client.get(url).content.decode()
        assert SCRIPT not in html
        assert "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert "Mallory &lt;script&gt;" in html


def test_the_change_page_shows_the_story_parent_replies_and_reports(
    editor_client, editor, story, reader
):
    parent = comment(story, make_reader("Ma Hla"), "The parent comment", status="approved")
    reply = comment(story, reader, "A reply to it", parent=parent)
    answer = comment(story, make_reader("U Ba"), "Another reply", parent=parent)
    CommentReport.objects.create(
        comment=reply, reporter=make_reader("Daw Mya"), reason="Personal attack"
    )

    html = editor_client.get(f"{COMMENTS}{reply.pk}/change/").content.decode()
    assert "Junta extends emergency rule" in html
    assert f"/admin/articles/article/{story.pk}/change/" in html
    assert "The parent comment" in html and "Ma Hla" in html
    assert "Daw Mya" in html and "Personal attack" in html

    html = editor_client.get(f"{COMMENTS}{parent.pk}/change/").content.decode()
    assert f"{COMMENTS}{reply.pk}/change/" in html
    assert f"{COMMENTS}{answer.pk}/change/" in html

    # Approving in the form is a moderator's decision, stamped like the bulk ones.
    form = {"status": "approved", "reports-TOTAL_FORMS": "1", "reports-INITIAL_FORMS": "1"}
    response = editor_client.post(f"{COMMENTS}{reply.pk}/change/", form)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.status, reply.moderated_by) == ("approved", editor)
    assert count(story) == 2


def test_the_reported_filter_search_and_a_reader_s_history(editor_client, story, reader):
    other = make_reader("Ma Hla")
    reported = comment(story, reader, "Reported one")
    quiet = comment(story, other, "Quiet one")
    old = comment(story, reader, "Old approved one", status="approved")
    for name in ("U Ba", "Daw Mya"):
        CommentReport.objects.create(comment=reported, reporter=make_reader(name))

    response = editor_client.get(COMMENTS + "?reported=yes")
    assert listed(response) == [reported.pk]
    assert response.context["cl"].result_list[0].report_count == 2
    assert listed(editor_client.get(COMMENTS + "?reported=no")) == [quiet.pk]
    assert listed(editor_client.get(COMMENTS + "?q=Ma+Hla")) == [quiet.pk]
    assert listed(editor_client.get(COMMENTS + "?q=ko.zaw%40example.org")) == [reported.pk]

    # The reader's name links to every comment they wrote, whatever its status.
    history = f"{COMMENTS}?author__id__exact={reader.pk}&amp;status=all"
    assert history in editor_client.get(COMMENTS).content.decode()
    response = editor_client.get(f"{COMMENTS}?author__id__exact={reader.pk}&status=all")
    assert set(listed(response)) == {reported.pk, old.pk}


def test_the_queue_costs_the_same_queries_for_few_and_many_comments(
    editor_client, story, reader, django_assert_max_num_queries
):
    """Guards an N+1 over each row's story, reader or report count."""
    comment(story, reader)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(COMMENTS)
    for n in range(30):
        comment(ArticleFactory(), make_reader(f"Reader {n}"), f"Comment {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(COMMENTS)
