"""Editors' newsletter admin: counts, search, CSV export, issue preview, test sends."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import StreamingHttpResponse

from newsletter import issues, sending, subscriptions
from newsletter.models import Subscriber
from tests.factories import ArticleFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter/subscriber/"
ISSUES = "/admin/newsletter/issue/"


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.fixture
def mixed_subscribers(db):
    SubscriberFactory(email="one@example.org")
    SubscriberFactory(email="two@example.org")
    SubscriberFactory(email="=cmd|calc@example.org")
    SubscriberFactory(email="wait@example.org", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)


@pytest.fixture
def issue(db):
    SubscriberFactory(email="reader@example.org")
    ArticleFactory(headline="Ceasefire talks stall", standfirst="No date for a new round.")
    plan = issues.plan_issue(newsletter=subscriptions.default_newsletter())
    return issues.create_issue(plan=plan)


def test_subscriber_list_shows_counts_by_status_and_filters(editor, mixed_subscribers):
    response = editor.get(SUBSCRIBERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Confirmed</strong> 3" in html
    assert "<strong>Pending confirmation</strong> 1" in html
    assert "<strong>Unsubscribed</strong> 1" in html

    filtered = editor.get(SUBSCRIBERS, {"status__exact": "pending"}).content.decode()
    assert "wait@example.org" in filtered and "one@example.org" not in filtered
    searched = editor.get(SUBSCRIBERS, {"q": "two@"}).content.decode()
    assert "two@example.org" in searched and "one@example.org" not in searched


def test_editors_cannot_add_subscribers_by_hand(editor):
    """Everyone on the list went through double opt-in."""
    assert editor.get(f"{SUBSCRIBERS}add/").status_code == 403


def test_csv_export_streams_the_filtered_list(editor, mixed_subscribers):
    response = editor.get(f"{SUBSCRIBERS}export/", {"status__exact": "confirmed"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["e-mail", "newsletter", "status"]
    emails = sorted(row[0] for row in rows[1:])
    # A leading "=" would run as a spreadsheet formula, so it is quoted.
    assert emails == ["'=cmd|calc@example.org", "one@example.org", "two@example.org"]


def test_csv_export_needs_staff(client, mixed_subscribers):
    response = client.get(f"{SUBSCRIBERS}export/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_unsubscribe_action_keeps_rows_as_suppression(editor, mixed_subscribers):
    ids = list(Subscriber.objects.filter(status="confirmed").values_list("pk", flat=True))
    editor.post(
        SUBSCRIBERS, {"action": "unsubscribe_selected", ACTION_CHECKBOX_NAME: ids}, follow=True
    )
    assert Subscriber.objects.filter(status="unsubscribed").count() == 4
    assert Subscriber.objects.count() == 5


def test_issue_list_and_page_show_figures_and_preview(editor, issue):
    listing = editor.get(ISSUES).content.decode()
    assert issue.subject in listing
    page = editor.get(f"{ISSUES}{issue.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Queued" in html and "newsletter-figures" in html
    assert f"{ISSUES}{issue.pk}/preview/" in html


def test_issue_preview_renders_the_email(editor, issue):
    html = editor.get(f"{ISSUES}{issue.pk}/preview/")
    text = editor.get(f"{ISSUES}{issue.pk}/preview/", {"format": "text"})
    assert b"Ceasefire talks stall" in html.content
    assert b"__UNSUBSCRIBE_URL__" not in html.content
    assert "default-src 'none'" in html["Content-Security-Policy"]
    # Shown in a frame on the issue's page, so unlike every other page it may be framed.
    assert "frame-ancestors 'self'" in html["Content-Security-Policy"]
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert text["Content-Type"].startswith("text/plain")
    assert b"No date for a new round." in text.content


def send_test_to(editor, issue, email, **options):
    """Submit the "send a test" action's address form."""
    data = {"action": "send_test", ACTION_CHECKBOX_NAME: [issue.pk], "send_test_to": "1"}
    return editor.post(ISSUES, {**data, "email": email}, **options)


def test_send_test_issue_action_asks_for_an_address_then_sends(editor, issue, smtp_server):
    form = editor.post(ISSUES, {"action": "send_test", ACTION_CHECKBOX_NAME: [issue.pk]})
    assert form.status_code == 200
    assert b'name="email"' in form.content
    assert smtp_server.received == []

    bad = send_test_to(editor, issue, "x\r\nBcc: y@example.org")
    assert bad.status_code == 200 and b"errorlist" in bad.content
    assert smtp_server.received == []

    done = send_test_to(editor, issue, "editor@example.org", follow=True)
    assert b"Test e-mail of" in done.content
    [mail] = smtp_server.received
    assert mail.recipients == ["editor@example.org"]
    assert mail.message["Subject"].startswith("[Test] ")
    assert "Ceasefire talks stall" in mail.html
    assert sending.delivery_counts(issue=issue)["sent"] == 0


def test_send_test_with_the_mail_server_down_says_so(editor, issue, no_smtp_server):
    response = send_test_to(editor, issue, "editor@example.org", follow=True)
    assert response.status_code == 200
    assert b"The mail server did not take the test e-mail" in response.content
