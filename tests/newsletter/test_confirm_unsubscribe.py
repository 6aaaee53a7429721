"""Confirm and unsubscribe links: GET changes nothing, POST acts, tokens are checked."""

import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from newsletter import emails, tokens
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory
from tests.signed import with_altered_signature

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_sign_up_receive_follow_link_then_press_confirm(run_tasks, smtp_server, site_url):
    """The whole double opt-in as a reader lives it, through the background worker and
    a real SMTP server."""
    browser = Client()
    browser.post(
        "/newsletter/", {"email": "reader@example.org"}, headers={"Origin": "http://testserver"}
    )
    run_tasks()
    [mail] = smtp_server.to("reader@example.org")
    [link] = mail.links(r"https://news\.example/newsletter/confirm/\S+/")

    # A mail scanner, or the reader, opens the link: nothing is confirmed yet.
    page = Client().get(path_of(link))
    assert page.status_code == 200
    assert b"Confirm my subscription" in page.content
    assert b'method="post"' in page.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    done = browser.post(path_of(link))
    subscriber = Subscriber.objects.get()
    assert done.status_code == 200
    assert b"You are subscribed" in done.content
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

    again = browser.post(path_of(link))
    assert b"already subscribed" in again.content


def test_confirm_page_is_never_cached(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    response = client.get(f"/newsletter/confirm/{tokens.make_confirm_token(subscriber.pk)}/")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "make_token",
    [
        lambda pk: tokens.make_confirm_token(pk) + "x",
        lambda pk: with_altered_signature(tokens.make_confirm_token(pk + 1)),
        lambda pk: tokens.make_unsubscribe_token(pk),  # right signer, wrong purpose
        lambda pk: signing.dumps(pk, salt="other", key="another-key"),
        lambda pk: "not-a-token",
        lambda pk: signing.dumps("drop table", salt=tokens.CONFIRM_SALT),
    ],
    ids=["appended", "altered-signature", "unsubscribe-token", "foreign-key", "junk", "not-an-id"],
)
def test_tampered_confirm_tokens_are_refused_and_change_nothing(client, method, make_token):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    response = getattr(client, method)(f"/newsletter/confirm/{make_token(subscriber.pk)}/")
    assert response.status_code == 400
    assert b"not valid" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_expired_confirm_tokens_get_410_and_change_nothing(client, monkeypatch, settings):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    token = tokens.make_confirm_token(subscriber.pk)
    monkeypatch.undo()

    response = client.post(f"/newsletter/confirm/{token}/")
    assert response.status_code == 410
    assert b"expired" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirm_for_a_deleted_subscriber_is_404(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    token = tokens.make_confirm_token(subscriber.pk)
    subscriber.delete()
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 404


@pytest.mark.parametrize("status", [Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED])
def test_confirm_after_unsubscribe_does_not_resubscribe(client, status):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    token = tokens.make_confirm_token(subscriber.pk)
    Subscriber.objects.filter(pk=subscriber.pk).update(status=status)

    response = client.post(f"/newsletter/confirm/{token}/")
    assert response.status_code == 409
    assert b"sign up again" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == status
    assert subscriber.confirmed_at is None


def test_unsubscribe_link_shows_one_button_and_only_the_post_unsubscribes(client):
    subscriber = SubscriberFactory()
    url = f"/newsletter/unsubscribe/{tokens.make_unsubscribe_token(subscriber.pk)}/"

    page = client.get(url)
    assert page.status_code == 200
    assert page.content.count(b'type="submit"') >= 1
    assert b">Unsubscribe</button>" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    done = Client(enforce_csrf_checks=True).post(url)
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # kept as suppression


def test_rfc8058_one_click_post_from_a_mail_provider(smtp_server, site_url):
    """Mail providers POST `List-Unsubscribe=One-Click` to the header's URL with no
    cookies, no CSRF token and no Origin."""
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, email="oneclick@example.org")
    emails.confirmation_message(subscriber).send()
    [mail] = smtp_server.received
    https_url = mail.message["List-Unsubscribe"].strip().strip("<>")  # no mailto by default
    assert https_url.startswith("https://news.example/newsletter/unsubscribe/")

    response = Client(enforce_csrf_checks=True).post(
        path_of(https_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_twice_is_fine(client):
    subscriber = SubscriberFactory()
    url = f"/newsletter/unsubscribe/{tokens.make_unsubscribe_token(subscriber.pk)}/"
    assert client.post(url).status_code == 200
    first = Subscriber.objects.get().unsubscribed_at
    assert client.post(url).status_code == 200
    assert Subscriber.objects.get().unsubscribed_at == first


@pytest.mark.parametrize(
    "token",
    ["1:forged", "junk", "MQ:1abc:def"],
    ids=["forged-signature", "junk", "confirm-shaped"],
)
def test_tampered_unsubscribe_tokens_are_refused(client, token):
    subscriber = SubscriberFactory()
    response = client.post(f"/newsletter/unsubscribe/{token}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_confirm_token_does_not_unsubscribe(client):
    subscriber = SubscriberFactory()
    response = client.post(f"/newsletter/unsubscribe/{tokens.make_confirm_token(subscriber.pk)}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribe_for_a_deleted_subscriber_is_404(client):
    subscriber = SubscriberFactory()
    token = tokens.make_unsubscribe_token(subscriber.pk)
    subscriber.delete()
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 404
