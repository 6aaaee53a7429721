"""Editors' figures: each issue's e-mails by outcome, each newsletter's subscribers by
state and its rates; opens and clicks only when tracking is switched on."""

from datetime import timedelta

import pytest

from newsletter import figures
from newsletter.models import Delivery, Issue, Newsletter, Subscriber
from tests.factories import SubscriberFactory
from tests.newsletter.outcomes import NOW, addresses, make_issue

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def test_an_issues_figures_count_every_outcome(briefing):
    issue = make_issue(briefing)

    got = figures.issue_figures(issue)

    assert (got.sent, got.delivered, got.failed, got.queued, got.skipped, got.unknown) == (
        7,
        5,
        2,
        2,
        1,
        1,
    )
    assert (got.bounced, got.hard_bounced, got.soft_bounced) == (2, 1, 1)
    assert (got.complained, got.unsubscribed) == (1, 1)
    assert got.tried == 9
    assert got.bounce_rate == pytest.approx(100 * 2 / 9)
    assert got.complaint_rate == pytest.approx(100 / 7)


def test_figures_of_a_list_of_issues_take_one_query(briefing, django_assert_num_queries):
    make_issue(briefing)
    make_issue(briefing, [(3, {"status": Status.SENT})])
    make_issue(briefing, [])

    with django_assert_num_queries(1):
        listed = [
            figures.issue_figures(issue)
            for issue in figures.with_issue_figures(Issue.objects.order_by("pk"))
        ]

    assert [row.sent for row in listed] == [7, 3, 0]


def test_delivered_is_unknown_until_an_email_service_reports_it(briefing):
    """Our SMTP server only says it took a message: 0 delivered would be a lie."""
    issue = make_issue(briefing, [(3, {"status": Status.SENT})])
    got = figures.issue_figures(issue)
    assert got.sent == 3 and got.delivered is None
    assert got.bounce_rate == 0 and got.complaint_rate == 0


def test_an_issue_without_deliveries_has_no_rates(briefing):
    got = figures.issue_figures(make_issue(briefing, []))
    assert got.sent == 0 and got.bounce_rate is None and got.complaint_rate is None


def test_opens_and_clicks_are_not_counted_without_tracking(briefing, settings):
    issue = make_issue(briefing)

    assert settings.NEWSLETTER_TRACKING is False
    untracked = figures.issue_figures(issue)
    assert untracked.opened is None and untracked.clicked is None

    settings.NEWSLETTER_TRACKING = True
    tracked = figures.issue_figures(issue)
    assert tracked.opened == 1 and tracked.clicked == 1


def test_a_newsletters_subscribers_by_state(briefing):
    def reader(status, **fields):
        SubscriberFactory(
            newsletter=briefing, email=f"s{next(addresses)}@example.org", status=status, **fields
        )

    confirmed = Subscriber.Status.CONFIRMED
    for _ in range(3):
        reader(confirmed)
    reader(confirmed, paused_at=NOW)  # until they resume
    reader(confirmed, paused_at=NOW, resume_at=NOW + timedelta(days=7))
    reader(confirmed, paused_at=NOW - timedelta(days=8), resume_at=NOW - timedelta(days=1))
    reader(Subscriber.Status.PENDING)
    reader(Subscriber.Status.UNSUBSCRIBED)
    reader(Subscriber.Status.UNSUBSCRIBED)
    reader(Subscriber.Status.BOUNCED)
    reader(Subscriber.Status.COMPLAINED)
    SubscriberFactory(newsletter=Newsletter.objects.get(slug="daily-briefing-my"))

    got = figures.newsletter_figures(briefing)

    assert got.subscribers == {
        "receiving": 4,  # a pause that ended receives again
        "paused": 2,
        "pending": 1,
        "unsubscribed": 2,
        "bounced": 1,
        "complained": 1,
    }
    # The same rule as the one that picks an issue's recipients.
    assert got.subscribers["receiving"] == briefing.subscribers.receiving().count()


def test_a_newsletters_delivery_figures_all_time_and_recent(briefing):
    make_issue(briefing)  # today
    make_issue(
        briefing,
        [(10, {"status": Status.SENT}), (1, {"status": Status.FAILED, "bounced_at": NOW})],
        created_at=NOW - timedelta(days=45),
    )
    make_issue(Newsletter.objects.get(slug="breaking-news"), [(5, {"status": Status.SENT})])

    got = figures.newsletter_figures(briefing)

    assert got.issues == 2 and got.last_sent_at == NOW
    assert (got.all_time.sent, got.all_time.bounced, got.all_time.tried) == (17, 3, 20)
    assert got.all_time.bounce_rate == pytest.approx(15)
    assert (got.recent.sent, got.recent.bounced, got.recent.tried) == (7, 2, 9)
    assert got.recent.complaint_rate == pytest.approx(100 / 7)


def test_a_newsletter_without_issues(briefing):
    got = figures.newsletter_figures(briefing)
    assert got.issues == 0 and got.last_sent_at is None
    assert got.all_time.sent == 0 and got.all_time.delivered is None
    assert got.all_time.bounce_rate is None


def test_newsletter_summary_columns(briefing, django_assert_num_queries):
    make_issue(briefing, [(2, {"status": Status.SENT})])
    SubscriberFactory(newsletter=briefing, email="paused@example.org", paused_at=NOW)

    with django_assert_num_queries(1):
        rows = {
            newsletter.slug: (newsletter.receiving_count, newsletter.issue_count)
            for newsletter in figures.with_newsletter_summary(Newsletter.objects.all())
        }

    # The issue's two readers receive; the paused one does not.
    assert rows["daily-briefing"] == (2, 1)
    assert rows["breaking-news"] == (0, 0)
