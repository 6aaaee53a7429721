"""The figures editors read in the admin, and the newsletter settings page: each page
renders for an editor in a number of queries that does not grow with the rows."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Tag
from newsletter.models import BounceType, Delivery, Newsletter
from tests.factories import SectionFactory, SubscriberFactory
from tests.html import parse
from tests.newsletter.outcomes import NOW, addresses, make_issue

pytestmark = pytest.mark.django_db

NEWSLETTERS = "/admin/newsletter/newsletter/"
ISSUES = "/admin/newsletter/issue/"
DELIVERIES = "/admin/newsletter/delivery/"
Status = Delivery.Status


@pytest.fixture
def editor(db) -> Client:
    """A member of the Editor group, not a superuser: what it sees, editors see."""
    user = User.objects.create_user("desk", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(user)
    return client


def figure_rows(table) -> dict[str, list[str]]:
    """A figures table as {label: [value per column]}."""
    return {
        row.one("th").text: [cell.text for cell in row.all("td.newsletter-figures-number")]
        for row in table.all("tbody tr")
    }


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_an_issues_page_shows_its_figures(editor, briefing):
    issue = make_issue(briefing)

    page = parse(editor.get(f"{ISSUES}{issue.pk}/change/").content.decode())

    rows = figure_rows(page.one("table.newsletter-figures"))
    assert rows["Sent"] == ["7"]
    assert rows["Delivered"] == ["5"]
    assert rows["Bounced"] == ["2 (hard 1, soft 1)"]
    assert rows["Bounce rate"] == ["22.2 %"]
    assert rows["Marked as spam"] == ["1"]
    assert rows["Complaint rate"] == ["14.3 %"]
    assert rows["Unsubscribed"] == ["1"]
    assert (rows["Failed"], rows["Queued"], rows["Outcome unknown"]) == (["2"], ["2"], ["1"])
    assert "Opened" not in rows and "Clicked" not in rows
    assert "NEWSLETTER_TRACKING is off" in page.one(".field-figures_table").text


def test_delivered_says_not_reported_and_why(editor, briefing):
    issue = make_issue(briefing, [(3, {"status": Status.SENT})])

    page = parse(editor.get(f"{ISSUES}{issue.pk}/change/").content.decode())

    delivered = next(
        row
        for row in page.all("table.newsletter-figures tbody tr")
        if row.one("th").text == "Delivered"
    )
    assert delivered.one("td.newsletter-figures-number").text == "—"
    assert "webhooks" in delivered.one("td.help").text
    listing = parse(editor.get(ISSUES).content.decode())
    assert listing.one("td.field-delivered").text == "—"


def test_the_issue_list_shows_figures_in_a_fixed_number_of_queries(editor, briefing):
    """Guards against counting each issue's deliveries in a query of its own."""
    make_issue(briefing)
    few = queries(editor, ISSUES)
    for _ in range(4):
        make_issue(briefing, [(2, {"status": Status.SENT, "delivered_at": NOW})])
    assert queries(editor, ISSUES) == few

    page = parse(editor.get(ISSUES, {"o": "4"}).content.decode())  # by sent, ascending
    assert [cell.text for cell in page.all("td.field-sent")] == ["2", "2", "2", "2", "7"]
    assert [cell.text for cell in page.all("td.field-bounced")] == ["0", "0", "0", "0", "2"]
    headers = page.one("#result_list thead").text
    assert "spam" in headers.lower() and "unsubscribed" in headers.lower()
    assert "opened" not in headers.lower()


def test_opens_and_clicks_show_only_with_tracking_on(editor, briefing, settings):
    issue = make_issue(briefing)
    settings.NEWSLETTER_TRACKING = True

    page = parse(editor.get(f"{ISSUES}{issue.pk}/change/").content.decode())
    rows = figure_rows(page.one("table.newsletter-figures"))
    assert rows["Opened"] == ["1"] and rows["Clicked"] == ["1"]
    listing = parse(editor.get(ISSUES).content.decode())
    assert listing.one("td.field-opened").text == "1"
    deliveries = editor.get(DELIVERIES).content.decode()
    assert "column-opened_at" in deliveries


def test_the_newsletter_list_shows_receiving_issues_and_last_sent(editor, briefing):
    """Guards against counting each newsletter's subscribers or issues per row."""
    make_issue(briefing)  # its 13 readers are confirmed
    SubscriberFactory(newsletter=briefing, email="paused@example.org", paused_at=NOW)
    few = queries(editor, NEWSLETTERS)
    for number in range(4):
        extra = Newsletter.objects.create(name=f"Extra {number}", slug=f"extra-{number}")
        make_issue(extra, [(1, {"status": Status.SENT})])
    assert queries(editor, NEWSLETTERS) == few

    page = parse(editor.get(NEWSLETTERS, {"q": "daily-briefing"}).content.decode())
    [row] = [row for row in page.all("#result_list tbody tr") if "Daily Briefing" in row.text]
    assert row.one("td.field-receiving_subscribers").text == "13"
    assert row.one("td.field-issues").text == "1"
    assert row.one("td.field-last_sent").text != "—"
    assert row.one("td.field-kind").text == "Digest on a schedule"


def test_a_newsletters_page_shows_subscribers_and_rates(editor, briefing):
    make_issue(briefing)
    SubscriberFactory(newsletter=briefing, email="wait@example.org", status="pending")
    SubscriberFactory(newsletter=briefing, email="spam@example.org", status="complained")

    response = editor.get(f"{NEWSLETTERS}{briefing.pk}/change/")

    assert response.status_code == 200
    subscribers, issues, emails = parse(response.content.decode()).all("table.newsletter-figures")
    assert figure_rows(subscribers)["Receiving"] == ["13"]
    assert figure_rows(subscribers)["Pending"] == ["1"]
    assert figure_rows(subscribers)["Marked as spam"] == ["1"]
    assert figure_rows(issues)["Issues"] == ["1"]
    rows = figure_rows(emails)
    assert rows["Sent"] == ["7", "7"]  # last 30 days, all time
    assert rows["Bounce rate"] == ["22.2 %", "22.2 %"]


def test_a_new_newsletter_has_no_figures_yet(editor):
    response = editor.get(f"{NEWSLETTERS}add/")
    assert response.status_code == 200
    assert b"newsletter-figures" not in response.content


def test_editors_set_what_a_newsletter_carries_with_autocomplete(editor, briefing):
    opinion = SectionFactory(name="Opinion", slug="opinion")
    elections = Tag.objects.create(name="Elections")
    found = editor.get(
        "/admin/autocomplete/",
        {
            "app_label": "newsletter",
            "model_name": "newsletter",
            "field_name": "tags",
            "term": "Elec",
        },
    )
    assert [item["text"] for item in found.json()["results"]] == ["Elections"]
    sections = editor.get(
        "/admin/autocomplete/",
        {
            "app_label": "newsletter",
            "model_name": "newsletter",
            "field_name": "sections",
            "term": "Opi",
        },
    )
    assert [item["id"] for item in sections.json()["results"]] == [str(opinion.pk)]

    response = editor.post(
        f"{NEWSLETTERS}add/",
        {
            "name": "Weekly Opinion",
            "slug": "weekly-opinion",
            "kind": "digest",
            "language": "en",
            "is_public": "on",
            "sender_name": "Newsroom Opinion",
            "cadence": "weekly",
            "send_time": "07:00",
            "send_weekday": "4",
            "template": "headlines",
            "sections": [opinion.pk],
            "tags": [elections.pk],
        },
    )

    assert response.status_code == 302
    weekly = Newsletter.objects.get(slug="weekly-opinion")
    assert list(weekly.sections.all()) == [opinion] and list(weekly.tags.all()) == [elections]
    assert weekly.send_weekday == Newsletter.Weekday.FRIDAY


def test_deliveries_filter_by_bounce_and_complaint(editor, briefing):
    make_issue(briefing)

    def listed(**params) -> int:
        page = parse(editor.get(DELIVERIES, params).content.decode())
        return len(page.all("#result_list tbody tr"))

    assert listed() == 13
    assert listed(bounce_type__exact=BounceType.HARD) == 1
    assert listed(bounce_type__exact=BounceType.SOFT) == 1
    assert listed(complained="yes") == 1
    assert listed(complained="no") == 12


def test_a_subscribers_page_shows_pause_and_complaint(editor, briefing):
    reader = SubscriberFactory(
        newsletter=briefing, email=f"p{next(addresses)}@example.org", paused_at=NOW
    )
    html = editor.get(f"/admin/newsletter/subscriber/{reader.pk}/change/").content.decode()
    assert "Paused at" in html and "Resumes at" in html and "Complained at" in html
