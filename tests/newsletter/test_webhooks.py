"""E-mail service webhooks: Mailgun's tracking webhook (anymail's view, with its real
signature and basic-auth checks) posts outcomes that deliverability learns from;
forged posts are refused and change nothing."""

import base64
import hashlib
import hmac
import json
import secrets
import time

import pytest
from django.test import Client

from newsletter.models import BounceType, Delivery, Subscriber
from tests.factories import SubscriberFactory
from tests.newsletter.pending_issues import breaking_news, make_issue

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"
SIGNING_KEY = "test-mailgun-signing-key"
BASIC_AUTH = "mailgun:hook-password"


@pytest.fixture(autouse=True)
def mailgun(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC_AUTH, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def reader(briefing):
    return SubscriberFactory(email="reader@example.org", newsletter=briefing)


@pytest.fixture
def alerts_row(reader):
    """The same address on the breaking news list."""
    return SubscriberFactory(email="Reader@example.org", newsletter=breaking_news())


def sent_delivery(subscriber: Subscriber) -> Delivery:
    issue = make_issue(subscriber.newsletter, subscriber)
    Delivery.objects.filter(issue=issue).update(status=Delivery.Status.SENT)
    return Delivery.objects.get(issue=issue)


def mailgun_event(
    event: str,
    *,
    delivery: Delivery | None = None,
    recipient: str = "reader@example.org",
    signed_at: float | None = None,
    key: str = SIGNING_KEY,
    **event_data,
) -> dict:
    """A Mailgun tracking webhook body (its JSON shape, as anymail's webhook reads it),
    signed with `key` at `signed_at`."""
    timestamp = str(int(signed_at if signed_at is not None else time.time()))
    token = secrets.token_hex(25)
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "id": secrets.token_hex(8),
            "timestamp": time.time(),
            "recipient": recipient,
            "tags": ["daily-briefing"],
            "user-variables": {"delivery": str(delivery.pk)} if delivery else {},
            "message": {"headers": {"message-id": "issue-1.reader-1@news.example"}},
            **event_data,
        },
    }


def post(body: dict, *, auth: str = BASIC_AUTH):
    credentials = base64.b64encode(auth.encode()).decode()
    return Client().post(
        URL,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )


def permanent_failure(delivery: Delivery) -> dict:
    return mailgun_event(
        "failed",
        delivery=delivery,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"code": 550, "message": "5.1.1 No such user", "description": ""}},
    )


def temporary_failure(delivery: Delivery) -> dict:
    return mailgun_event(
        "failed",
        delivery=delivery,
        severity="temporary",
        reason="generic",
        **{"delivery-status": {"code": 452, "message": "4.2.2 Mailbox full", "description": ""}},
    )


def test_a_permanent_failure_suppresses_the_address_on_every_newsletter(reader, alerts_row):
    delivery = sent_delivery(reader)

    assert post(permanent_failure(delivery)).status_code == 200

    delivery.refresh_from_db()
    assert delivery.bounce_type == BounceType.HARD and delivery.bounced_at is not None
    for row in (reader, alerts_row):
        row.refresh_from_db()
        assert row.status == Subscriber.Status.BOUNCED and row.bounced_at is not None


def test_a_complaint_suppresses_the_address_as_complained(reader, alerts_row):
    delivery = sent_delivery(reader)

    assert post(mailgun_event("complained", delivery=delivery)).status_code == 200

    delivery.refresh_from_db()
    assert delivery.complained_at is not None
    for row in (reader, alerts_row):
        row.refresh_from_db()
        assert row.status == Subscriber.Status.COMPLAINED and row.complained_at is not None


def test_a_bounce_of_a_mail_that_was_no_issue_suppresses_by_address(reader):
    """A confirmation e-mail carries no delivery: the address is what the event is about."""
    pending = SubscriberFactory(
        email="newcomer@example.org", newsletter=breaking_news(), status="pending"
    )
    body = mailgun_event(
        "failed", recipient="NEWCOMER@example.org", severity="permanent", reason="bounce"
    )
    assert post(body).status_code == 200
    pending.refresh_from_db()
    reader.refresh_from_db()
    assert pending.status == Subscriber.Status.BOUNCED
    assert reader.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(("issues", "suppressed"), [(2, False), (3, True)])
def test_temporary_failures_suppress_once_the_limit_of_issues_in_a_row_is_reached(
    settings, reader, alerts_row, issues, suppressed
):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    rows = [reader, alerts_row, reader]
    for row in rows[:issues]:
        delivery = sent_delivery(row)
        assert post(temporary_failure(delivery)).status_code == 200
        delivery.refresh_from_db()
        assert delivery.bounce_type == BounceType.SOFT

    reader.refresh_from_db()
    alerts_row.refresh_from_db()
    expected = Subscriber.Status.BOUNCED if suppressed else Subscriber.Status.CONFIRMED
    assert reader.status == alerts_row.status == expected


def test_a_duplicated_temporary_failure_counts_once(settings, reader):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 2
    delivery = sent_delivery(reader)
    body = temporary_failure(delivery)
    assert post(body).status_code == post(body).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_delivered_is_recorded_and_clears_an_earlier_deferral(reader):
    delivery = sent_delivery(reader)
    post(temporary_failure(delivery))

    assert post(mailgun_event("delivered", delivery=delivery)).status_code == 200

    delivery.refresh_from_db()
    assert delivery.delivered_at is not None
    assert (delivery.bounce_type, delivery.bounced_at) == ("", None)
    # A deferral reported late changes nothing.
    post(temporary_failure(delivery))
    delivery.refresh_from_db()
    assert delivery.bounce_type == ""


def test_an_unsubscribe_at_the_service_leaves_only_that_newsletter(reader, alerts_row):
    delivery = sent_delivery(reader)

    assert post(mailgun_event("unsubscribed", delivery=delivery)).status_code == 200

    reader.refresh_from_db()
    alerts_row.refresh_from_db()
    delivery.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert alerts_row.status == Subscriber.Status.CONFIRMED
    assert delivery.unsubscribed_at is not None


def test_opens_and_clicks_are_ignored_unless_tracking_is_on(settings, reader):
    delivery = sent_delivery(reader)
    click = {"url": "https://news.example/news/story/"}
    post(mailgun_event("opened", delivery=delivery))
    post(mailgun_event("clicked", delivery=delivery, **click))
    delivery.refresh_from_db()
    assert (delivery.opened_at, delivery.clicked_at) == (None, None)

    settings.NEWSLETTER_TRACKING = True
    post(mailgun_event("opened", delivery=delivery))
    post(mailgun_event("clicked", delivery=delivery, **click))
    delivery.refresh_from_db()
    assert delivery.opened_at is not None and delivery.clicked_at is not None


def test_a_duplicate_post_changes_nothing(reader):
    delivery = sent_delivery(reader)
    body = mailgun_event("complained", delivery=delivery)
    post(body)
    first = Delivery.objects.get(pk=delivery.pk).complained_at
    assert post(body).status_code == 200
    assert Delivery.objects.get(pk=delivery.pk).complained_at == first
    assert Subscriber.objects.get(pk=reader.pk).complained_at is not None


def test_an_event_naming_another_address_than_its_delivery_is_not_pinned_on_it(reader):
    delivery = sent_delivery(reader)
    SubscriberFactory(email="someone@example.org")
    post(mailgun_event("complained", delivery=delivery, recipient="someone@example.org"))
    delivery.refresh_from_db()
    reader.refresh_from_db()
    assert delivery.complained_at is None and reader.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"key": "not-the-signing-key"}, id="bad signature"),
        pytest.param({"auth": "mailgun:guess"}, id="wrong basic auth"),
        pytest.param({"signed_at": time.time() - 10 * 3600}, id="stale timestamp"),
        pytest.param({"signed_at": time.time() + 10 * 3600}, id="timestamp in the future"),
    ],
)
def test_a_forged_post_is_refused_and_changes_nothing(reader, forgery):
    delivery = sent_delivery(reader)
    auth = forgery.pop("auth", BASIC_AUTH)
    body = mailgun_event(
        "failed", delivery=delivery, severity="permanent", reason="bounce", **forgery
    )

    response = post(body, auth=auth)

    assert response.status_code == 400
    reader.refresh_from_db()
    delivery.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    assert delivery.bounced_at is None


def test_a_post_without_a_signature_is_refused(reader):
    body = permanent_failure(sent_delivery(reader))
    del body["signature"]
    assert post(body).status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
