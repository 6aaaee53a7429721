"""Posting a comment or a reply: who may, where, and what every refusal says (with the
reader's text kept)."""

import unicodedata
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.comments.commenters import comment, signed_in
from tests.factories import ArticleFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db

TEXT = "The curfew started at 8 pm in our township."


@pytest.fixture
def story():
    return ArticleFactory(headline="Curfew lifted")


@pytest.fixture
def reader():
    return make_reader("Ma Ei")


def post(client, story, body=TEXT, **fields):
    return client.post(reverse("comments:post", args=[story.pk]), {"body": body, **fields})


def page(response) -> str:
    return response.content.decode()


def test_a_confirmed_reader_posts_a_comment_that_waits_for_a_moderator(client, story, reader):
    response = post(signed_in(client, reader), story, f"  {TEXT}\n\n")
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}#comments"
    saved = Comment.objects.get()
    assert (saved.article, saved.author, saved.parent) == (story, reader.user, None)
    assert saved.body == TEXT
    assert saved.status == Comment.Status.PENDING
    assert "waiting for a moderator" in page(client.get(response["Location"]))


def test_a_forged_post_cannot_speak_for_another_reader_or_skip_the_queue(client, story, reader):
    other = make_reader("Ko Ko")
    forged = {"author": other.user.pk, "author_id": other.user.pk, "status": "approved"}
    post(signed_in(client, reader), story, **forged)
    saved = Comment.objects.get()
    assert (saved.author, saved.status) == (reader.user, Comment.Status.PENDING)


def test_a_comment_is_stored_nfc(client, story, reader):
    decomposed = unicodedata.normalize("NFD", "Café, မြန်မာ သတင်း")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    post(signed_in(client, reader), story, decomposed)
    assert Comment.objects.get().body == unicodedata.normalize("NFC", decomposed)


def test_a_trusted_reader_is_published_at_once(client, story, reader, settings):
    settings.COMMENTS_TRUSTED_AFTER = 2
    comment(story, reader, "One")
    post(signed_in(client, reader), story, "Pending: one approved is not enough")
    assert Comment.objects.get(body__startswith="Pending").status == Comment.Status.PENDING
    comment(story, reader, "Two")
    response = post(client, story, "Published at once")
    assert Comment.objects.get(body="Published at once").status == Comment.Status.APPROVED
    assert "Your comment is published" in page(client.get(response["Location"]))


def test_trust_is_off_by_default(client, story, reader):
    for n in range(5):
        comment(story, reader, f"Approved {n}")
    post(signed_in(client, reader), story, "Still queued")
    assert Comment.objects.get(body="Still queued").status == Comment.Status.PENDING


def test_a_reply_goes_under_a_shown_comment_of_the_same_story(client, story, reader):
    parent = comment(story, make_reader("Ko Ko"), "Parent")
    response = post(signed_in(client, reader), story, "A reply", parent=parent.pk)
    assert response.status_code == 302
    assert Comment.objects.get(body="A reply").parent == parent


def refused(response, status: int, message: str, *, text=TEXT):
    """The refusal: its status, its message, the text kept, nothing saved."""
    html = page(response)
    assert response.status_code == status, html
    assert message in html
    assert text in html
    assert not Comment.objects.filter(body=text).exists()
    return html


def test_an_empty_comment_is_refused(client, story, reader):
    response = post(signed_in(client, reader), story, " \n\t ")
    assert response.status_code == 400
    assert "Please write your comment." in page(response)
    assert not Comment.objects.exists()


def test_a_too_long_comment_is_refused_with_its_text_in_the_form(client, story, reader, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    html = refused(post(signed_in(client, reader), story), 400, "the limit is 20 characters")
    assert f"{TEXT}</textarea>" in html
    assert 'action="{}"'.format(reverse("comments:post", args=[story.pk])) in html


def test_too_many_links_are_refused(client, story, reader, settings):
    settings.COMMENTS_MAX_LINKS = 1
    text = "Look: https://spam.example/a and http://spam.example/b"
    refused(post(signed_in(client, reader), story, text), 400, "at most 1 is allowed", text=text)
    settings.COMMENTS_MAX_LINKS = 2
    assert post(client, story, text).status_code == 302


def test_the_honeypot_is_refused(client, story, reader):
    response = post(signed_in(client, reader), story, website="http://bot.example")
    refused(response, 400, "automatic post")


def test_a_reader_posting_too_fast_is_told_to_wait(client, story, reader, settings):
    settings.COMMENTS_RATE_PER_READER = "2/h"  # an hour: no window ends mid-test
    signed_in(client, reader)
    for n in range(2):
        assert post(client, story, f"Comment {n}").status_code == 302
    response = post(client, story)
    refused(response, 429, "Please wait a few minutes")
    assert int(response["Retry-After"]) >= 1
    # Another reader is not held back by this one.
    assert post(signed_in(Client(), make_reader("Ko Ko")), story, "Mine").status_code == 302


def test_an_address_posting_too_fast_is_told_to_wait(story, settings):
    settings.COMMENTS_RATE_PER_ADDRESS = "2/h"
    for n, name in enumerate(["Ma Ei", "Ko Ko"]):
        assert (
            post(signed_in(Client(), make_reader(name)), story, f"Comment {n}").status_code == 302
        )
    refused(post(signed_in(Client(), make_reader("Daw Su")), story), 429, "Please wait")
    other_address = signed_in(Client(REMOTE_ADDR="203.0.113.9"), make_reader("U Ba"))
    assert post(other_address, story, "From elsewhere").status_code == 302


def test_a_reader_who_is_not_signed_in_is_refused(client, story):
    html = refused(post(client, story), 403, "Please sign in")
    assert reverse("account_login") in html
    assert f"readonly>{TEXT}</textarea>" in html


def test_staff_are_not_readers(client, story):
    editor = User.objects.create_user("editor", "e@example.org", "pw", is_staff=True)
    client.force_login(editor)
    refused(post(client, story), 403, "Please sign in")


def test_a_forged_post_without_the_csrf_token_is_refused(story, reader):
    client = signed_in(Client(enforce_csrf_checks=True), reader)
    assert post(client, story).status_code == 403
    assert not Comment.objects.exists()


def test_comments_are_posted_only(client, story, reader):
    assert (
        signed_in(client, reader).get(reverse("comments:post", args=[story.pk])).status_code == 405
    )


def test_an_unconfirmed_reader_is_refused(client, story):
    reader = make_reader("New Reader", verified=False)
    refused(post(signed_in(client, reader), story), 403, "confirm your e-mail address")


def test_a_banned_reader_is_refused(client, story):
    reader = make_reader("Troll", banned=True)
    refused(post(signed_in(client, reader), story), 403, "stopped this account")


def test_a_story_closed_by_an_editor_is_refused(client, story, reader):
    Article.objects.filter(pk=story.pk).update(comments_open=False)
    html = refused(post(signed_in(client, reader), story), 403, "Comments on this story are closed")
    assert story.get_absolute_url() in html


def test_a_story_closes_days_after_publication(client, reader, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    old = ArticleFactory(publish_at=timezone.now() - timedelta(days=3, minutes=1))
    recent = ArticleFactory(publish_at=timezone.now() - timedelta(days=2, hours=23))
    refused(post(signed_in(client, reader), old), 403, "closed")
    assert post(client, recent).status_code == 302


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "unpublished", "scheduled"],
)
def test_an_unpublished_story_takes_no_comments_and_is_not_named(client, reader, unpublished):
    hidden = ArticleFactory(headline="Secret scoop", **unpublished)
    html = refused(post(signed_in(client, reader), hidden), 404, "not published")
    assert "Secret scoop" not in html and hidden.get_absolute_url() not in html


def test_a_reply_to_a_comment_of_another_story_is_refused(client, story, reader):
    elsewhere = comment(ArticleFactory(), make_reader("Ko Ko"), "On another story")
    refused(post(signed_in(client, reader), story, parent=elsewhere.pk), 404, "not shown")


def test_a_reply_to_a_reply_is_refused(client, story, reader):
    parent = comment(story, make_reader("Ko Ko"), "Parent")
    reply = comment(story, make_reader("Daw Su"), "Reply", parent=parent)
    refused(post(signed_in(client, reader), story, parent=reply.pk), 403, "not under another reply")


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "removed"])
def test_a_reply_to_a_hidden_comment_is_refused(client, story, reader, status):
    hidden = comment(story, make_reader("Ko Ko"), "Hidden", status=status)
    refused(post(signed_in(client, reader), story, parent=hidden.pk), 404, "not shown")


def test_a_reply_to_no_comment_at_all_is_refused(client, story, reader):
    refused(post(signed_in(client, reader), story, parent=999999), 404, "not shown")
    refused(post(client, story, parent=10**30), 404, "not shown")
    refused(post(client, story, parent="not a number"), 400, "Please correct")


def test_odd_input_gets_an_answer_not_an_error(client, story, reader):
    signed_in(client, reader)
    response = post(client, story, "Before\x00after")
    assert response.status_code == 400 and "Null characters" in page(response)
    assert client.post(f"/comments/story/{10**30}/", {"body": TEXT}).status_code == 404
    assert client.post(f"/comments/{10**30}/report/").status_code == 404
    assert client.get(f"/comments/story/{10**30}/feed/").status_code == 404
    assert not Comment.objects.exists()
