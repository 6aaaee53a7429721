"""Readers report a comment to the moderators, once each, on comments they can see."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.models import CommentReport
from tests.comments.commenters import comment, signed_in
from tests.factories import ArticleFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory()


@pytest.fixture
def offensive(story):
    return comment(story, make_reader("Troll"), "Offensive")


def report(client, target):
    return client.post(reverse("comments:report", args=[target.pk]))


def test_a_reader_reports_a_comment_once(client, story, offensive):
    reader = make_reader("Ma Ei")
    response = report(signed_in(client, reader), offensive)
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}#comment-{offensive.pk}"
    assert (
        "A moderator will look at this comment" in client.get(response["Location"]).content.decode()
    )
    again = report(client, offensive)
    assert "already reported" in client.get(again["Location"]).content.decode()
    assert list(CommentReport.objects.values_list("comment", "reporter")) == [
        (offensive.pk, reader.user_id)
    ]


def test_each_reader_reports_for_themselves(story, offensive):
    for name in ["Ma Ei", "Ko Ko"]:
        report(signed_in(Client(), make_reader(name)), offensive)
    assert CommentReport.objects.filter(comment=offensive).count() == 2


def refused(response, status: int, message: str):
    assert response.status_code == status
    assert message in response.content.decode()
    assert not CommentReport.objects.exists()


def test_anonymous_readers_cannot_report(client, offensive):
    refused(report(client, offensive), 403, "Please sign in")


def test_a_forged_report_without_the_csrf_token_is_refused(offensive):
    client = signed_in(Client(enforce_csrf_checks=True), make_reader("Ma Ei"))
    assert report(client, offensive).status_code == 403
    assert not CommentReport.objects.exists()


def test_reports_are_posted_only(client, offensive):
    response = signed_in(client, make_reader("Ma Ei")).get(
        reverse("comments:report", args=[offensive.pk])
    )
    assert response.status_code == 405


def test_own_comments_cannot_be_reported(client, story):
    reader = make_reader("Ma Ei")
    refused(report(signed_in(client, reader), comment(story, reader)), 403, "your own comment")


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "removed"])
def test_hidden_comments_cannot_be_reported(client, story, status):
    hidden = comment(story, make_reader("Ko Ko"), status=status)
    refused(report(signed_in(client, make_reader("Ma Ei")), hidden), 404, "not shown")


def test_comments_on_an_unpublished_story_cannot_be_reported(client, story, offensive):
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    refused(report(signed_in(client, make_reader("Ma Ei")), offensive), 404, "not shown")


def test_banned_readers_cannot_report(client, offensive):
    refused(report(signed_in(client, make_reader("X", banned=True)), offensive), 403, "stopped")
