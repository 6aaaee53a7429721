"""E-mails to readers about their comments, through the background worker and a real
SMTP server: "published" on a moderator's approval, "someone replied" on a shown reply,
once each, only to readers who want them, with a working signed stop link."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import Client

from accounts.models import ReaderProfile
from articles.models import Article
from comments import moderation
from comments.models import Comment
from comments.tokens import make_stop_token
from tests.comments.readers import comment, make_reader
from tests.factories import ArticleFactory

SCRIPT = "<script>alert('x')</script>"
SITE = "https://news.example"


@pytest.fixture
def mail(run_tasks, smtp_server, settings):
    """The worker and the SMTP server it sends to; `mail()` runs the worker and returns
    what the server has received so far."""
    settings.SITE_URL = SITE

    def deliver():
        run_tasks()
        return smtp_server.received

    return deliver


@pytest.fixture
def story(mail):
    return ArticleFactory(headline="Junta extends emergency rule", slug="emergency-rule")


@pytest.fixture
def moderator(mail):
    return User.objects.create_superuser("ma_thida", "ma.thida@newsroom.example", "x")


def approve(comments, by):
    return moderation.moderate(
        comments=Comment.objects.filter(pk__in=[c.pk for c in comments]),
        status=Comment.Status.APPROVED,
        by=by,
    )


def stop_link(mail_message) -> str:
    (link,) = re.findall(rf"{SITE}/comments/stop-emails/[^/\s]+/", mail_message.text)
    return link.removeprefix(SITE)


def test_an_approval_from_the_admin_mails_the_author_a_link_to_their_comment(
    mail, story, moderator, client
):
    zaw = make_reader("Ko Zaw")
    waiting = comment(story, zaw, "The army cannot win this.")
    client.force_login(moderator)
    client.post(
        "/admin/comments/comment/", {"action": "approve", ACTION_CHECKBOX_NAME: [waiting.pk]}
    )

    (sent,) = mail()
    assert sent.recipients == ["ko.zaw@example.org"]
    subject = sent.message["Subject"].strip()
    assert subject == "Your comment on “Junta extends emergency rule” is published"
    link = f"{SITE}{story.get_absolute_url()}#comment-{waiting.pk}"
    for part in (sent.text, sent.html):
        assert link in part
        assert "The army cannot win this." in part
        assert f"{SITE}/accounts/profile/" in part
        assert f"{SITE}/comments/stop-emails/" in part
    assert sent.message["List-Unsubscribe"].strip() == f"<{SITE}{stop_link(sent)}>"
    assert sent.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_approved_reply_mails_the_parent_s_author_and_the_replier(mail, story, moderator):
    zaw = make_reader("Ko Zaw")
    hla = make_reader("Ma Hla")
    parent = comment(story, zaw, "ပြည်သူတွေ ဘာလုပ်ရမလဲ။", status="approved")
    reply = comment(story, hla, "I disagree, and here is why.", parent=parent)
    assert mail() == []  # Creating it approved (an import, a trusted reader): no "published".

    reply.status = Comment.Status.APPROVED
    reply.moderated_by = moderator
    reply.save()  # The admin's form saves one comment like this.

    sent = {m.recipients[0]: m for m in mail()}
    assert set(sent) == {"ko.zaw@example.org", "ma.hla@example.org"}
    to_parent = sent["ko.zaw@example.org"]
    assert to_parent.message["Subject"].strip() == (
        "Ma Hla replied to your comment on “Junta extends emergency rule”"
    )
    assert "I disagree, and here is why." in to_parent.text
    for part in (to_parent.text, to_parent.html):  # Burmese arrives as it was written.
        assert "ပြည်သူတွေ ဘာလုပ်ရမလဲ။" in part
    assert f"{SITE}{story.get_absolute_url()}#comment-{reply.pk}" in to_parent.html
    assert "is published" in sent["ma.hla@example.org"].message["Subject"]


def test_a_trusted_reader_s_reply_mails_only_the_parent_s_author(mail, story):
    """A trusted reader's comment is created approved (COMMENTS_TRUSTED_AFTER)."""
    zaw = make_reader("Ko Zaw")
    parent = comment(story, zaw, "Parent", status="approved")
    mail()
    comment(story, make_reader("Ma Hla"), "Trusted reply", parent=parent, status="approved")
    assert [m.recipients for m in mail()] == [["ko.zaw@example.org"]]


def test_names_and_words_are_escaped_in_the_html_part(mail, story, moderator):
    zaw = make_reader("Ko Zaw")
    parent = comment(story, zaw, f"Mine {SCRIPT}", status="approved")
    mail()
    mallory = make_reader("Mallory")
    ReaderProfile.objects.filter(user=mallory).update(display_name=f"Mallory\n{SCRIPT}")
    reply = comment(story, mallory, f"Reply {SCRIPT}", parent=parent)
    approve([reply], moderator)
    to_parent = next(m for m in mail() if m.recipients == ["ko.zaw@example.org"])
    assert SCRIPT not in to_parent.html
    assert re.search(r"Mallory\s+&lt;script&gt;alert", to_parent.html)
    assert "Reply &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in to_parent.html
    assert f"Reply {SCRIPT}" in to_parent.text  # Plain text is the reader's text as is.
    # A line break in a display name cannot split the subject header.
    assert to_parent.message["Subject"].strip().startswith("Mallory <script>")


def test_nobody_is_mailed_twice_for_one_comment(mail, story, moderator):
    zaw = make_reader("Ko Zaw")
    waiting = comment(story, zaw)
    approve([waiting], moderator)
    moderation.moderate(
        comments=Comment.objects.filter(pk=waiting.pk), status="rejected", by=moderator
    )
    approve([waiting], moderator)
    again = Comment.objects.get(pk=waiting.pk)
    again.save()  # Saving it approved once more changes nothing either.
    assert len(mail()) == 1


def test_no_mail_to_readers_who_opted_out_are_banned_or_unconfirmed_nor_to_oneself(
    mail, story, moderator
):
    quiet = make_reader("Quiet", notify_on_replies=False)
    banned = make_reader("Banned")
    unconfirmed = make_reader("Unconfirmed", verified=False)
    chatty = make_reader("Chatty")
    waiting = [comment(story, reader) for reader in (quiet, unconfirmed, chatty)]
    approve(waiting, moderator)
    own_parent = Comment.objects.get(author=chatty)
    self_reply = comment(story, chatty, "Replying to myself", parent=own_parent)
    banned_parent = comment(story, banned, status="approved")
    ReaderProfile.objects.filter(user=banned).update(banned_at="2026-11-01T00:00:00Z")
    reply_to_banned = comment(story, chatty, "To the banned one", parent=banned_parent)
    approve([self_reply, reply_to_banned], moderator)

    # Chatty hears that their three comments are published, and nothing else is sent.
    assert [m.recipients for m in mail()] == [["chatty@example.org"]] * 3


def test_comments_readers_can_no_longer_see_are_not_written_about(mail, story, moderator):
    zaw = make_reader("Ko Zaw")
    waiting = comment(story, zaw)
    approve([waiting], moderator)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    assert mail() == []


def test_the_stop_link_asks_then_turns_the_emails_off_without_a_sign_in(mail, story, moderator):
    # As a mail provider's RFC 8058 one-click POST comes: no cookie, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    zaw = make_reader("Ko Zaw")
    approve([comment(story, zaw)], moderator)
    (sent,) = mail()
    link = stop_link(sent)

    page = client.get(link)
    assert page.status_code == 200
    assert "Stop these e-mails" in page.content.decode()
    assert ReaderProfile.objects.get(user=zaw).notify_on_replies  # A GET changes nothing.

    done = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "we will not e-mail you about your comments" in done.content.decode()
    assert not ReaderProfile.objects.get(user=zaw).notify_on_replies
    assert not done.cookies and not page.cookies
    assert "no-store" in page["Cache-Control"] and "private" in done["Cache-Control"]

    # From now on nothing is sent to them.
    approve([comment(story, zaw)], moderator)
    assert len(mail()) == 1


def test_a_forged_or_altered_stop_link_is_refused(mail, client):
    zaw = make_reader("Ko Zaw")
    profile = zaw.reader
    genuine = make_stop_token(profile.pk)
    forged = f"{profile.pk}:{genuine.split(':')[1][::-1]}"
    for token in (forged, f"{profile.pk + 1}:{genuine.split(':')[1]}", "nonsense"):
        response = client.post(f"/comments/stop-emails/{token}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert ReaderProfile.objects.get(pk=profile.pk).notify_on_replies
