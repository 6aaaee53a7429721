"""Deliverability while sending: what bulk-sender rules ask of each message, soft
bounces retried and hard ones suppressed (a real SMTP server), and sending through an
e-mail service with django-anymail (its test backend)."""

from datetime import timedelta
from io import StringIO

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRequestsAPIError
from anymail.message import AnymailRecipientStatus
from anymail.signals import pre_send
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter import deliverability, emails, sending
from newsletter.models import BounceType, Delivery, Issue, Subscriber
from newsroom.site import site_host
from tests.factories import ArticleFactory, SubscriberFactory
from tests.newsletter.pending_issues import breaking_news, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(briefing):
    return SubscriberFactory(email="Reader@Example.org", newsletter=briefing)


@pytest.fixture
def the_same_reader_elsewhere(reader, settings):
    """The reader's address on the breaking news list too, and an unsubscribed one on
    the Burmese briefing."""
    from newsletter.subscriptions import default_newsletter

    return [
        SubscriberFactory(email="reader@example.org", newsletter=breaking_news()),
        SubscriberFactory(
            email="READER@example.org",
            newsletter=default_newsletter("my"),
            status=Subscriber.Status.UNSUBSCRIBED,
        ),
    ]


@pytest.fixture
def anymail_backend(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []


# --- What each message carries ------------------------------------------------------


def test_a_message_meets_the_bulk_sender_rules(smtp_server, site_url, reader):
    issue = make_issue(reader.newsletter, reader)
    sending.send_issue(issue=issue)
    [received] = smtp_server.received
    message = received.message

    unsubscribe = message["List-Unsubscribe"].strip()  # (folded: a long header)
    assert unsubscribe.startswith("<https://news.example/newsletter/unsubscribe/")
    assert "mailto:" not in unsubscribe  # nobody reads a mailbox by default
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Feedback-ID"] == f"{issue.pk}:daily-briefing:newsletter:news.example"
    assert message["Message-ID"] == emails.issue_message_id(issue=issue, subscriber=reader)
    assert message["Date"]
    assert "Reader@Example.org" not in message["Feedback-ID"] + message["Message-ID"]
    assert received.text.strip() and received.html.strip()  # a plain-text part beside the HTML


def test_the_mailto_unsubscribe_is_offered_when_a_mailbox_is_set(settings, site_url, reader):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "leave@news.example"
    issue = make_issue(reader.newsletter, reader)
    message = emails.issue_message(issue=issue, subscriber=reader)
    https_url, mailto = (
        p.strip().strip("<>") for p in message.extra_headers["List-Unsubscribe"].split(",")
    )
    assert https_url.startswith("https://news.example/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:leave@news.example?subject=unsubscribe%20")
    assert "reader" not in mailto.lower()  # the token carries an id, not the address


# --- SMTP: soft bounces are retried, hard ones suppress ---------------------------------


def test_a_recipient_deferred_twice_gets_the_issue_once_after_two_retries(
    smtp_server, settings, reader
):
    settings.NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS = 900
    other = SubscriberFactory(email="other@example.org")
    smtp_server.defer = {"reader@example.org": 2}
    issue = make_issue(reader.newsletter, reader, other)
    delivery = Delivery.objects.get(issue=issue, subscriber=reader)

    report = sending.send_issue(issue=issue)
    assert (report.sent, report.deferred) == (1, 1)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.error == "451 4.2.1 Mailbox busy, try again later"
    wait = delivery.retry_at - timezone.now()
    assert timedelta(seconds=890) < wait <= timedelta(seconds=900)
    issue.refresh_from_db()
    assert issue.sent_at is None  # not finished while a retry waits

    assert sending.send_issue(issue=issue).deferred == 0  # not before its time
    Delivery.objects.filter(pk=delivery.pk).update(retry_at=timezone.now())
    assert sending.send_issue(issue=issue).deferred == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert timedelta(seconds=1790) < delivery.retry_at - timezone.now() <= timedelta(seconds=1800)

    Delivery.objects.filter(pk=delivery.pk).update(retry_at=timezone.now())
    assert sending.send_issue(issue=issue).sent == 1
    delivery.refresh_from_db()
    issue.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.bounce_type == ""
    assert issue.sent_at is not None
    assert smtp_server.message_ids(reader.email) == [
        emails.issue_message_id(issue=issue, subscriber=reader)
    ]
    assert len(smtp_server.to("other@example.org")) == 1


def test_the_newsletter_timer_sends_the_retries_when_they_are_due(smtp_server, reader):
    ArticleFactory(headline="Floods in Sagaing")
    smtp_server.defer = {"reader@example.org": 1}
    first = StringIO()
    call_command("send_newsletter", stdout=first, stderr=StringIO())
    issue = Issue.objects.get()
    assert issue.sent_at is None and smtp_server.received == []
    assert "1 delivery was refused for now" in first.getvalue()

    Delivery.objects.filter(issue=issue).update(retry_at=timezone.now())
    out = StringIO()
    call_command("send_newsletter", stdout=out, stderr=StringIO())

    assert "Resuming unfinished issue" in out.getvalue()
    [received] = smtp_server.received
    assert "Floods in Sagaing" in received.text
    issue.refresh_from_db()
    assert issue.sent_at is not None


def test_a_recipient_always_deferred_fails_as_a_soft_bounce_after_the_retries(
    smtp_server, settings, reader
):
    settings.NEWSLETTER_SOFT_BOUNCE_RETRY_SECONDS = 0  # every retry due at once
    settings.NEWSLETTER_SOFT_BOUNCE_RETRIES = 3
    smtp_server.defer = {"reader@example.org": 100}
    issue = make_issue(reader.newsletter, reader)

    report = sending.send_issue(issue=issue)

    assert (report.sent, report.deferred, report.failed) == (0, 3, 1)
    delivery = Delivery.objects.get(issue=issue)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 4  # the first try and three retries
    assert delivery.bounce_type == BounceType.SOFT and delivery.bounced_at is not None
    assert smtp_server.defer["reader@example.org"] == 96
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED  # one issue is not "in a row"
    issue.refresh_from_db()
    assert issue.sent_at is not None


def test_an_interrupted_delivery_sent_again_and_deferred_is_not_left_waiting(smtp_server, reader):
    """The operator's resend of a finished issue's interrupted delivery: nothing would
    come back for a retry, so a "try later" is a soft bounce there and then."""
    smtp_server.defer = {"reader@example.org": 1}
    issue = make_issue(reader.newsletter, reader)
    Issue.objects.filter(pk=issue.pk).update(sent_at=timezone.now())
    Delivery.objects.filter(issue=issue).update(
        status=Delivery.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )

    report = sending.resend_interrupted(newsletter=reader.newsletter)

    assert (report.deferred, report.failed) == (0, 1)
    delivery = Delivery.objects.get(issue=issue)
    assert delivery.status == Delivery.Status.FAILED and delivery.bounce_type == BounceType.SOFT


def test_soft_bounces_on_the_limit_of_issues_in_a_row_suppress_the_address(
    smtp_server, settings, reader, the_same_reader_elsewhere
):
    settings.NEWSLETTER_SOFT_BOUNCE_RETRIES = 0
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    alerts_row = the_same_reader_elsewhere[0]
    smtp_server.defer = {"reader@example.org": 100}

    sending.send_issue(issue=make_issue(reader.newsletter, reader, subject="Monday"))
    sending.send_issue(issue=make_issue(alerts_row.newsletter, alerts_row, subject="Alert"))
    assert set(deliverability.subscribers_of(reader.email).values_list("status", flat=True)) == {
        Subscriber.Status.CONFIRMED,
        Subscriber.Status.UNSUBSCRIBED,
    }

    sending.send_issue(issue=make_issue(reader.newsletter, reader, subject="Tuesday"))
    reader.refresh_from_db()
    alerts_row.refresh_from_db()
    assert reader.status == alerts_row.status == Subscriber.Status.BOUNCED
    assert the_same_reader_elsewhere[1].status == Subscriber.Status.UNSUBSCRIBED
    the_same_reader_elsewhere[1].refresh_from_db()
    assert the_same_reader_elsewhere[1].status == Subscriber.Status.UNSUBSCRIBED


def test_an_issue_that_arrived_breaks_a_run_of_soft_bounces(smtp_server, settings, reader):
    settings.NEWSLETTER_SOFT_BOUNCE_RETRIES = 0
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 2
    smtp_server.defer = {"reader@example.org": 1}
    sending.send_issue(issue=make_issue(reader.newsletter, reader, subject="One"))
    sending.send_issue(issue=make_issue(reader.newsletter, reader, subject="Two"))  # arrives
    smtp_server.defer = {"reader@example.org": 1}
    sending.send_issue(issue=make_issue(reader.newsletter, reader, subject="Three"))
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_a_hard_bounce_suppresses_the_address_on_every_newsletter(
    smtp_server, reader, the_same_reader_elsewhere
):
    smtp_server.refuse = {"reader@example.org"}
    other = SubscriberFactory(email="other@example.org")
    issue = make_issue(reader.newsletter, reader, other)

    report = sending.send_issue(issue=issue)

    assert (report.sent, report.failed) == (1, 1)
    delivery = Delivery.objects.get(issue=issue, subscriber=reader)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error == "550 5.1.1 No such mailbox"  # the server's words, no address
    assert delivery.bounce_type == BounceType.HARD and delivery.bounced_at is not None
    alerts_row, burmese_row = the_same_reader_elsewhere
    for row in (reader, alerts_row, burmese_row):
        row.refresh_from_db()
    assert reader.status == alerts_row.status == Subscriber.Status.BOUNCED
    assert reader.bounced_at is not None
    assert burmese_row.status == Subscriber.Status.UNSUBSCRIBED  # stays as it was
    assert Subscriber.objects.get(email="other@example.org").status == "confirmed"

    # The alert that follows does not go to the address.
    alert = make_issue(alerts_row.newsletter, alerts_row)
    assert sending.send_issue(issue=alert).skipped == 1
    assert smtp_server.to("reader@example.org") == []


# --- Through an e-mail service (django-anymail) ------------------------------------------


def test_an_issue_names_its_delivery_and_asks_for_no_tracking(anymail_backend, reader):
    issue = make_issue(reader.newsletter, reader)
    sending.send_issue(issue=issue)
    [message] = mail.outbox
    params = message.anymail_test_params
    assert params["metadata"] == {"delivery": Delivery.objects.get(issue=issue).pk}
    assert params["tags"] == ["daily-briefing"]
    assert params["track_opens"] is False and params["track_clicks"] is False
    assert params["extra_headers"]["Feedback-ID"].endswith(f":newsletter:{site_host()}")
    assert Delivery.objects.get(issue=issue).status == Delivery.Status.SENT


def test_tracking_is_asked_for_only_when_the_setting_turns_it_on(anymail_backend, settings, reader):
    settings.NEWSLETTER_TRACKING = True
    sending.send_issue(issue=make_issue(reader.newsletter, reader))
    params = mail.outbox[0].anymail_test_params
    assert params["track_opens"] is True and params["track_clicks"] is True


@pytest.fixture
def service_answers():
    """Make the test e-mail service answer a recipient's message with `answers[address]`
    (an AnymailRecipientStatus, or an AnymailAPIError to raise)."""
    answers = {}

    def answer(sender, message, esp_name, **kwargs):
        response = answers.get(message.to[0])
        if isinstance(response, AnymailRecipientStatus):
            message.anymail_test_response = {"recipient_status": {message.to[0]: response}}
        elif response is not None:
            message.anymail_test_response = response

    pre_send.connect(answer, dispatch_uid="test_service_answers")
    yield answers
    pre_send.disconnect(dispatch_uid="test_service_answers")


def test_a_recipient_the_service_refuses_is_a_hard_bounce(
    anymail_backend, service_answers, reader, the_same_reader_elsewhere
):
    other = SubscriberFactory(email="other@example.org")
    service_answers[reader.email] = AnymailRecipientStatus(message_id=None, status="rejected")
    issue = make_issue(reader.newsletter, reader, other)

    report = sending.send_issue(issue=issue)

    assert (report.sent, report.failed) == (1, 1)
    delivery = Delivery.objects.get(issue=issue, subscriber=reader)
    assert delivery.status == Delivery.Status.FAILED and delivery.bounce_type == BounceType.HARD
    the_same_reader_elsewhere[0].refresh_from_db()
    assert the_same_reader_elsewhere[0].status == Subscriber.Status.BOUNCED


def test_a_service_that_answers_with_an_error_has_not_taken_the_message(
    anymail_backend, service_answers, reader
):
    service_answers[reader.email] = _answer(503, "Service unavailable")
    issue = make_issue(reader.newsletter, reader, SubscriberFactory())

    with pytest.raises(sending.SendInterrupted, match="Service unavailable"):
        sending.send_issue(issue=issue)

    assert sending.delivery_counts(issue=issue)["pending"] == 2  # tried again next run
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_a_message_the_service_calls_malformed_fails_alone(
    anymail_backend, service_answers, reader
):
    service_answers[reader.email] = _answer(400, "'to' parameter is not a valid address")
    issue = make_issue(reader.newsletter, reader, SubscriberFactory())

    report = sending.send_issue(issue=issue)

    assert (report.sent, report.failed) == (1, 1)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED  # not the address's fault


def _answer(status: int, text: str) -> AnymailRequestsAPIError:
    """What anymail raises when the service answers the request with an HTTP error."""
    response = requests.Response()
    response.status_code, response.reason = status, text
    response._content = text.encode()
    return AnymailRequestsAPIError(text, response=response)


def _unanswered(cause: Exception) -> AnymailAPIError:
    """What anymail raises when the request to the service fails with `cause`."""
    try:
        raise cause
    except requests.RequestException as error:
        try:
            raise AnymailAPIError("Error posting to the service") from error
        except AnymailAPIError as wrapped:
            return wrapped


def test_a_call_that_got_no_answer_leaves_the_outcome_unknown(
    anymail_backend, service_answers, reader
):
    """The request went out and the answer never came: the service may have it, so the
    delivery stays `sending` for the operator (like an SMTP connection lost in DATA)."""
    service_answers[reader.email] = _unanswered(requests.ReadTimeout("read timed out"))
    issue = make_issue(reader.newsletter, reader, SubscriberFactory())

    with pytest.raises(sending.SendInterrupted):
        sending.send_issue(issue=issue)

    counts = sending.delivery_counts(issue=issue)
    assert (counts["sending"], counts["pending"]) == (1, 1)


def test_a_service_that_could_not_be_reached_has_not_taken_the_message(
    anymail_backend, service_answers, reader
):
    service_answers[reader.email] = _unanswered(requests.ConnectTimeout("connect timed out"))
    issue = make_issue(reader.newsletter, reader)

    with pytest.raises(sending.SendInterrupted):
        sending.send_issue(issue=issue)

    assert sending.delivery_counts(issue=issue)["pending"] == 1
