"""A reader deleting their account: their comments go, except an empty "comment
removed" marker where other readers' shown replies need it; counts stay true."""

import pytest

from articles.models import Article
from comments.models import Comment, CommentReport
from tests.comments.readers import comment, make_reader
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def count(story) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=story.pk)


def test_deleting_an_account_deletes_its_comments_but_keeps_markers_under_shown_replies():
    story = ArticleFactory()
    leaving = make_reader("Leaving")
    hla = make_reader("Ma Hla")
    answered = comment(story, leaving, "Answered, words to forget", status="approved")
    shown_reply = comment(story, hla, "Shown reply", parent=answered, status="approved")
    waiting_reply = comment(story, hla, "Waiting reply", parent=answered)
    alone = comment(story, leaving, "Nobody answered", status="approved")
    only_self = comment(story, leaving, "Answered by myself", status="approved")
    comment(story, leaving, "My own answer", parent=only_self, status="approved")
    hidden = comment(story, leaving, "Rejected, but answered", status="rejected")
    comment(story, hla, "Reply nobody sees", parent=hidden, status="approved")
    pending = comment(story, leaving, "Still waiting")
    theirs_to_hla = comment(
        story, leaving, "My reply", parent=comment(story, hla, "Hla's", status="approved")
    )
    CommentReport.objects.create(comment=answered, reporter=hla, reason="Quotes my address")
    CommentReport.objects.create(comment=shown_reply, reporter=leaving, reason="Rude")
    assert count(story) == 6

    leaving.delete()

    marker = Comment.objects.get(pk=answered.pk)
    assert (marker.status, marker.author, marker.body) == ("removed", None, "")
    assert not marker.reports.exists()
    assert not CommentReport.objects.filter(comment=shown_reply).exists()
    for gone in (alone, only_self, hidden, pending, theirs_to_hla):
        assert not Comment.objects.filter(pk=gone.pk).exists()
    assert not Comment.objects.filter(body__in=["Reply nobody sees", "My own answer"]).exists()
    # The replies keep their place under the marker; the waiting one can still be approved.
    assert list(Comment.objects.visible().filter(article=story).order_by("pk")) == [
        shown_reply,
        Comment.objects.get(body="Hla's"),
    ]
    assert Comment.objects.get(pk=waiting_reply.pk).status == "pending"
    assert count(story) == 2
    assert not Comment.objects.filter(body__contains="forget").exists()


def test_deleting_accounts_in_bulk_does_the_same():
    story = ArticleFactory()
    leaving = make_reader("Leaving")
    answered = comment(story, leaving, "Answered", status="approved")
    comment(story, make_reader("Ma Hla"), "Reply", parent=answered, status="approved")
    comment(story, leaving, "Alone", status="approved")

    type(leaving).objects.filter(pk=leaving.pk).delete()

    assert list(Comment.objects.filter(article=story).values_list("status", "body")) == [
        ("removed", ""),
        ("approved", "Reply"),
    ]
    assert count(story) == 1
