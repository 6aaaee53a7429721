"""A story's comment count follows every way a comment is shown or hidden."""

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def count(article) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)


@pytest.fixture
def reader():
    return User.objects.create_user("reader", "reader@example.org", "a long passphrase")


def test_saving_and_deleting_a_comment_keeps_the_count(reader):
    story = ArticleFactory()
    comment = Comment.objects.create(article=story, author=reader, body="First")
    assert count(story) == 0
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert count(story) == 1
    comment.delete()
    assert count(story) == 0


def test_bulk_moderation_keeps_the_count(reader):
    story = ArticleFactory()
    Comment.objects.bulk_create(
        Comment(article=story, author=reader, body=f"{n}") for n in range(3)
    )
    Comment.objects.filter(article=story).update(status=Comment.Status.APPROVED)
    assert count(story) == 3
    Comment.objects.filter(article=story, body="0").update(status=Comment.Status.SPAM)
    assert count(story) == 2


def test_replies_count_only_under_a_comment_readers_see(reader):
    story = ArticleFactory()
    parent = Comment.objects.create(article=story, author=reader, body="Parent")
    Comment.objects.create(
        article=story, author=reader, parent=parent, body="Reply", status="approved"
    )
    assert count(story) == 0
    parent.status = Comment.Status.APPROVED
    parent.save()
    assert count(story) == 2
    parent.status = Comment.Status.REMOVED
    parent.save()
    assert count(story) == 1


def test_comments_created_in_bulk_are_counted(reader):
    story = ArticleFactory()
    Comment.objects.bulk_create(
        [Comment(article=story, author=reader, body="Imported", status="approved")]
    )
    assert count(story) == 1
