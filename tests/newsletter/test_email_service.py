"""Sending through an e-mail service for real: anymail's Mailgun backend posting over
HTTP to a local stand-in for Mailgun's API, which answers, fails or hangs up as told.
What the service receives, and what each way of failing leaves behind."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from newsletter import emails, sending
from newsletter.models import Delivery, Subscriber
from tests.factories import SubscriberFactory
from tests.newsletter.pending_issues import make_issue

pytestmark = pytest.mark.django_db


@dataclass
class FakeMailgun:
    """Mailgun's sending API on a local port. `answer` is "queued" (200), an HTTP
    status to fail with, or "hang up" (read the request, close without answering)."""

    port: int = 0
    answer: str | int = "queued"
    posts: list[dict[str, list[str]]] = field(default_factory=list)


def _form(content_type: str, body: bytes) -> dict[str, list[str]]:
    """The fields of a form post, urlencoded or multipart."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return parse_qs(body.decode())
    message = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=email.policy.default
    )
    fields: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields.setdefault(name, []).append(part.get_content())
    return fields


@pytest.fixture
def mailgun(settings):
    service = FakeMailgun()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            service.posts.append(_form(self.headers["Content-Type"], body))
            if service.answer == "hang up":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            status = 200 if service.answer == "queued" else service.answer
            reply = b'{"id": "<1.2@news.example>", "message": "Queued. Thank you."}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass  # the posts carry readers' addresses: keep them out of test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.ANYMAIL = {
        "MAILGUN_API_KEY": "test-api-key",
        "MAILGUN_API_URL": f"http://127.0.0.1:{service.port}/v3",
        "REQUESTS_TIMEOUT": 3,
    }
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def issue(briefing):
    reader = SubscriberFactory(email="reader@example.org", newsletter=briefing)
    return make_issue(briefing, reader)


def test_the_service_gets_the_delivery_the_newsletter_and_no_tracking(mailgun, issue, site_url):
    report = sending.send_issue(issue=issue)

    assert report.sent == 1
    [post] = mailgun.posts
    delivery = Delivery.objects.select_related("subscriber").get(issue=issue)
    reader = delivery.subscriber
    assert post["to"] == ["reader@example.org"]
    assert post["v:delivery"] == [str(delivery.pk)]
    assert post["o:tag"] == ["daily-briefing"]
    assert post["o:tracking-opens"] == post["o:tracking-clicks"] == ["no"]
    assert post["h:List-Unsubscribe-Post"] == ["List-Unsubscribe=One-Click"]
    # (anymail title-cases header names: Feedback-Id is Feedback-ID.)
    assert post["h:Feedback-Id"] == [f"{issue.pk}:daily-briefing:newsletter:news.example"]
    assert post["h:Message-Id"] == [emails.issue_message_id(issue=issue, subscriber=reader)]
    assert post["text"] and post["html"]
    assert delivery.status == Delivery.Status.SENT


def test_a_confirmation_e_mail_is_not_tracked_either(mailgun, briefing, site_url):
    pending = SubscriberFactory(
        email="new@example.org", newsletter=briefing, status=Subscriber.Status.PENDING
    )

    emails.confirmation_message(pending).send()

    [post] = mailgun.posts
    assert post["to"] == ["new@example.org"]
    assert post["o:tracking-opens"] == post["o:tracking-clicks"] == ["no"]
    assert post["o:tag"] == ["confirmation"]
    assert post["h:Feedback-Id"] == ["confirm:daily-briefing:newsletter:news.example"]


def test_a_service_error_puts_the_delivery_back_in_the_queue(mailgun, issue):
    mailgun.answer = 503

    with pytest.raises(sending.SendInterrupted, match="503"):
        sending.send_issue(issue=issue)

    assert Delivery.objects.get(issue=issue).status == Delivery.Status.PENDING
    mailgun.answer = "queued"
    assert sending.send_issue(issue=issue).sent == 1


def test_a_service_that_hangs_up_leaves_the_outcome_unknown(mailgun, issue):
    """The request reached the service and no answer came: it may be sending it."""
    mailgun.answer = "hang up"

    with pytest.raises(sending.SendInterrupted):
        sending.send_issue(issue=issue)

    assert len(mailgun.posts) == 1
    assert Delivery.objects.get(issue=issue).status == Delivery.Status.SENDING


def test_a_service_nobody_answers_at_has_not_taken_the_message(mailgun, issue, settings):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_API_URL": f"http://127.0.0.1:{port}/v3"}

    with pytest.raises(sending.SendInterrupted):
        sending.send_issue(issue=issue)

    assert Delivery.objects.get(issue=issue).status == Delivery.Status.PENDING
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
