"""The comments under a story, as anonymous and signed-in readers see them."""

import re
import unicodedata

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.template import RequestContext, Template
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.previews import preview_url
from comments.models import Comment
from comments.selectors import public_thread
from tests.comments.commenters import comment, signed_in
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(headline="Curfew lifted")


def section_of(response) -> str:
    """The `<section id="comments">` of a page ("" when it has none)."""
    html = response.content.decode()
    found = re.search(r'<section id="comments".*?</section>', html, re.S)
    return found.group() if found else ""


def shown_bodies(section: str) -> list[str]:
    return re.findall(r'<div class="comment-body"[^>]*>\s*<p>(.*?)</p>', section, re.S)


def test_readers_see_approved_comments_oldest_first_with_their_replies(client, story):
    ma, ko = make_reader("Ma Ei"), make_reader("Ko Ko")
    first = comment(story, ma, "First")
    comment(story, ko, "Second")
    comment(story, ko, "Reply to first", parent=first)
    for status in ["pending", "rejected", "spam"]:
        comment(story, ko, f"Hidden {status}", status=status)
    comment(story, ko, "Reply under a pending comment", parent=comment(story, ko, status="pending"))
    section = section_of(client.get(story.get_absolute_url()))
    assert shown_bodies(section) == ["First", "Reply to first", "Second"]
    replies = re.search(r'<ol class="comment-replies">.*?</ol>', section, re.S).group()
    assert "Reply to first" in replies and "Second" not in replies
    assert "Ma Ei" in section and "Ko Ko" in section
    assert section.count("<time datetime=") == 3
    assert "3 comments" in section


def test_a_removed_comment_with_replies_leaves_a_marker(client, story):
    ko = make_reader("Ko Ko")
    removed = comment(story, ko, "Gone words", status="removed")
    comment(story, ko, "Still makes sense", parent=removed)
    comment(story, ko, "Removed and unanswered", status="removed")
    section = section_of(client.get(story.get_absolute_url()))
    assert section.count("Comment removed") == 1
    assert "Gone words" not in section and "Removed and unanswered" not in section
    assert "Still makes sense" in section


def test_a_removed_comment_keeps_none_of_its_words_in_the_cached_thread(story):
    removed = comment(story, make_reader("Ko Ko"), "Words left behind", status="removed")
    comment(story, make_reader("Ma Ei"), "A reply", parent=removed)
    [marker] = public_thread(story)
    assert (marker.removed, marker.name, marker.author_id, marker.html) == (True, None, None, "")
    assert [reply.html for reply in marker.replies] == ["<p>A reply</p>"]


def test_anonymous_readers_get_a_sign_in_link_and_no_form(client, story):
    comment(story, make_reader("Ko Ko"), "Hello")
    response = client.get(story.get_absolute_url())
    section = section_of(response)
    login = reverse("account_login")
    next_url = f"{story.get_absolute_url()}#comments".replace("#", "%23")
    assert f'href="{login}?next={next_url}"' in section
    assert "Sign in to comment" in section
    assert "<form" not in section and "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    # Every anonymous reader gets the same section.
    assert section_of(Client().get(story.get_absolute_url())) == section


def test_a_signed_in_reader_gets_the_form_reply_links_and_report_buttons(client, story):
    ma, ko = make_reader("Ma Ei"), make_reader("Ko Ko")
    theirs = comment(story, ko, "Theirs")
    mine = comment(story, ma, "Mine")
    reply = comment(story, ko, "A reply", parent=mine)
    section = section_of(signed_in(client, ma).get(story.get_absolute_url()))
    assert 'id="comment-form"' in section
    assert f'action="{reverse("comments:post", args=[story.pk])}"' in section
    assert "Sign in to comment" not in section
    for top in [theirs, mine]:
        assert f'href="{story.get_absolute_url()}?reply={top.pk}#comment-form"' in section
    assert f"?reply={reply.pk}#" not in section
    reports = re.findall(r'action="/comments/(\d+)/report/"', section)
    assert sorted(map(int, reports)) == sorted([theirs.pk, reply.pk])


def test_a_reply_link_opens_the_form_as_a_reply(client, story):
    ko, ma = make_reader("Ko Ko"), make_reader("Ma Ei")
    parent = comment(story, ko, "Parent")
    signed_in(client, ma)
    section = section_of(client.get(f"{story.get_absolute_url()}?reply={parent.pk}"))
    assert "Replying to Ko Ko" in section
    assert f'name="parent" value="{parent.pk}"' in section
    # What the page shows but takes no reply: a removed comment's marker, my own comment
    # still waiting for a moderator.
    marker = comment(story, ko, "", status="removed")
    comment(story, ko, "Under the marker", parent=marker)
    waiting = comment(story, ma, "Mine, waiting", status="pending")
    odd_ones = ["abc", "²", "99999", "9" * 5000, f" {parent.pk}", str(marker.pk), str(waiting.pk)]
    for odd in odd_ones:
        response = client.get(story.get_absolute_url(), {"reply": odd})
        assert response.status_code == 200
        assert "Replying to" not in section_of(response)


def test_a_reader_sees_their_own_comments_awaiting_moderation_and_nobody_else_does(client, story):
    ma = make_reader("Ma Ei")
    parent = comment(story, make_reader("Ko Ko"), "Parent")
    comment(story, ma, "My pending comment", status="pending")
    comment(story, ma, "My pending reply", status="pending", parent=parent)
    comment(story, make_reader("Daw Su"), "Someone else's pending", status="pending")
    section = section_of(signed_in(client, ma).get(story.get_absolute_url()))
    assert shown_bodies(section) == ["Parent", "My pending reply", "My pending comment"]
    assert section.count("Awaiting moderation") == 2
    for other in [Client(), signed_in(Client(), make_reader("U Ba"))]:
        seen = section_of(other.get(story.get_absolute_url()))
        assert shown_bodies(seen) == ["Parent"] and "Awaiting moderation" not in seen


def test_banned_and_unconfirmed_readers_get_a_note_and_no_form(client, story):
    comment(story, make_reader("Ko Ko"), "Hello")
    for reader, note in [
        (make_reader("Troll", banned=True), "stopped this account from commenting"),
        (make_reader("New", verified=False), "confirm your e-mail address"),
    ]:
        section = section_of(signed_in(Client(), reader).get(story.get_absolute_url()))
        assert note in section
        assert "<form" not in section and "Hello" in section


def test_a_closed_story_shows_its_comments_and_no_form(client, story):
    comment(story, make_reader("Ko Ko"), "Said before closing")
    Article.objects.filter(pk=story.pk).update(comments_open=False)
    for reader in [Client(), signed_in(client, make_reader("Ma Ei"))]:
        section = section_of(reader.get(story.get_absolute_url()))
        assert "Comments are closed." in section and "Said before closing" in section
        assert 'id="comment-form"' not in section and "Sign in to comment" not in section


def test_a_preview_shows_no_comments(client, story):
    comment(story, make_reader("Ko Ko"), "Hello")
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    response = client.get(preview_url(Article.objects.get(pk=story.pk)))
    assert response.status_code == 200
    assert section_of(response) == ""
    assert "Hello" not in response.content.decode()
    assert reverse("comments:feed", args=[story.pk]) not in response.content.decode()


def test_markup_in_comments_and_names_is_shown_as_text(client, story):
    attacker = make_reader('<script>alert("name")</script>')
    comment(story, attacker, '<img src=x onerror=alert(1)> <script>alert("body")</script>')
    for reader in [Client(), signed_in(client, make_reader("Ma Ei"))]:
        html = reader.get(story.get_absolute_url()).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_burmese_comments_round_trip_nfc_and_are_marked_as_burmese(client, story):
    text = "စစ်အာဏာသိမ်းမှု ဆန့်ကျင်ရေး"
    decomposed = unicodedata.normalize("NFD", text)
    signed_in(client, make_reader("မောင်မောင်"))
    client.post(reverse("comments:post", args=[story.pk]), {"body": decomposed})
    Comment.objects.update(status=Comment.Status.APPROVED)
    assert Comment.objects.get().body == unicodedata.normalize("NFC", text)
    section = section_of(Client().get(story.get_absolute_url()))
    stored = unicodedata.normalize("NFC", text)
    assert f'<div class="comment-body" lang="my">\n<p>{stored}</p>' in section
    assert "မောင်မောင်" in section


def test_counts_show_on_the_article_and_on_cards_with_a_link(client):
    section = SectionFactory(name="News", slug="news")
    talked_about = ArticleFactory(primary_section=section, headline="Talked about")
    quiet = ArticleFactory(primary_section=section, headline="Quiet")
    for n in range(3):
        comment(talked_about, make_reader(f"Reader {n}"), f"Comment {n}")
    comment(quiet, make_reader("Ko Ko"), "Waiting", status="pending")
    cards = client.get("/news/").content.decode()
    assert f'<a href="{talked_about.get_absolute_url()}#comments">3 comments</a>' in cards
    assert f"{quiet.get_absolute_url()}#comments" not in cards
    article = client.get(talked_about.get_absolute_url()).content.decode()
    assert '<a href="#comments">3 comments</a>' in article
    assert "#comments" not in section_of(client.get(quiet.get_absolute_url()))
    assert '<a href="#comments">' not in client.get(quiet.get_absolute_url()).content.decode()


@pytest.mark.parametrize("shown_above", [True, False])
def test_a_message_is_shown_once_whether_or_not_the_page_shows_messages_above(
    rf, settings, story, shown_above
):
    reader = make_reader("Ma Ei")
    request = rf.get(story.get_absolute_url(), HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x")
    request.user, request.session = reader.user, SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Your comment is waiting")
    above = "{% for message in messages %}<p>{{ message }}</p>{% endfor %}" if shown_above else ""
    template = Template("{% load comment_tags %}" + above + "{% comments_section article %}")
    html = template.render(RequestContext(request, {"article": story}))
    assert html.count("Your comment is waiting") == 1
