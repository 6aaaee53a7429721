"""Each digest's schedule (`send_time`, `send_weekday`, local time), and the timer's
`send_newsletter --all`: due digests only, alert lists never, unfinished issues always."""

from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from newsletter import alerts, issues, schedule
from newsletter.models import Issue, Newsletter
from tests.factories import ArticleFactory, SubscriberFactory
from tests.newsletter.alerting import alert_list

pytestmark = pytest.mark.django_db

YANGON = ZoneInfo("Asia/Yangon")
# The last moment of a week: a weekly digest set to it is never due while tests run.
END_OF_WEEK = {"cadence": "weekly", "send_weekday": 6, "send_time": time(23, 59, 59, 999999)}


def send_newsletter(*args) -> str:
    out = StringIO()
    call_command("send_newsletter", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def at(*args) -> datetime:
    """A moment in Yangon (UTC+6:30, the site's time zone)."""
    return datetime(*args, tzinfo=YANGON)


@pytest.fixture(autouse=True)
def _yangon(settings):
    settings.TIME_ZONE = "Asia/Yangon"


@pytest.fixture
def digest(briefing) -> Newsletter:
    """The Daily Briefing at 06:00 Yangon time."""
    briefing.send_time = time(6, 0)
    briefing.save()
    return briefing


def test_a_daily_digest_is_due_from_its_local_send_time(digest):
    # 05:59 in Yangon is 23:29 UTC the day before: the local day decides.
    assert not schedule.is_due(newsletter=digest, now=at(2026, 12, 5, 5, 59))
    assert schedule.is_due(newsletter=digest, now=at(2026, 12, 5, 6, 0))
    assert schedule.is_due(newsletter=digest, now=at(2026, 12, 5, 23, 59))
    assert schedule.send_moment(newsletter=digest, now=at(2026, 12, 5, 1, 0)) == at(
        2026, 12, 5, 6, 0
    )


def test_a_digest_with_an_issue_this_period_is_not_due_until_the_next(digest):
    built_at = at(2026, 12, 5, 6, 0)
    issues.create_issue(plan=issues.plan_issue(newsletter=digest, now=built_at))

    assert not schedule.is_due(newsletter=digest, now=at(2026, 12, 5, 18, 0))
    assert not schedule.is_due(newsletter=digest, now=at(2026, 12, 6, 5, 59))
    assert schedule.is_due(newsletter=digest, now=at(2026, 12, 6, 6, 0))


def test_a_weekly_digest_is_due_from_its_weekday_and_time(briefing):
    briefing.cadence, briefing.send_weekday, briefing.send_time = "weekly", 4, time(17, 30)
    briefing.save()  # Fridays at 17:30; 5 December 2026 is a Saturday

    assert not schedule.is_due(newsletter=briefing, now=at(2026, 11, 30, 9, 0))  # Monday
    assert not schedule.is_due(newsletter=briefing, now=at(2026, 12, 4, 17, 29))  # Friday
    assert schedule.is_due(newsletter=briefing, now=at(2026, 12, 4, 17, 30))
    assert schedule.is_due(newsletter=briefing, now=at(2026, 12, 6, 23, 0))  # Sunday: catch up
    assert not schedule.is_due(newsletter=briefing, now=at(2026, 12, 7, 9, 0))  # next Monday


def test_an_alert_list_is_never_due(db):
    assert not schedule.is_due(newsletter=alert_list("en"), now=at(2026, 12, 5, 23, 0))


def test_the_timer_skips_a_digest_that_is_not_due(smtp_server, briefing):
    Newsletter.objects.filter(pk=briefing.pk).update(**END_OF_WEEK)
    SubscriberFactory(email="reader@example.org")
    ArticleFactory()

    output = send_newsletter("--all")

    assert "Not due before" in output
    assert not Issue.objects.exists() and not smtp_server.received


def test_the_timer_sends_a_digest_that_is_due(smtp_server, briefing):
    Newsletter.objects.filter(pk=briefing.pk).update(send_time=time(0, 0))
    SubscriberFactory(email="reader@example.org")
    ArticleFactory()

    assert "Sent 1, failed 0" in send_newsletter("--all")
    assert "went out already" in send_newsletter("--all")
    assert smtp_server.recipients == ["reader@example.org"]


def test_one_newsletter_goes_out_now_whatever_its_schedule(smtp_server, briefing):
    Newsletter.objects.filter(pk=briefing.pk).update(**END_OF_WEEK)
    SubscriberFactory(email="reader@example.org")
    ArticleFactory()

    assert "Sent 1, failed 0" in send_newsletter("--newsletter", briefing.slug)


def test_the_timer_never_builds_a_digest_for_an_alert_list(smtp_server, briefing):
    breaking = alert_list("en")
    Newsletter.objects.filter(pk=breaking.pk).update(send_time=time(0, 0))
    SubscriberFactory(email="alerts@example.org", newsletter=breaking)
    ArticleFactory()

    output = send_newsletter("--all")
    send_newsletter("--newsletter", breaking.slug)

    assert "editors send its alerts from the admin" in output
    assert not breaking.issues.exists()
    assert "alerts@example.org" not in smtp_server.recipients


def test_the_timer_finishes_an_unfinished_alert(smtp_server, briefing):
    """The worker never ran the alert's task (or died): the next timer run sends it."""
    breaking = alert_list("en")
    Newsletter.objects.filter(pk=briefing.pk).update(**END_OF_WEEK)
    SubscriberFactory(email="alerts@example.org", newsletter=breaking)
    issue = alerts.send_alert(article=ArticleFactory(), newsletter=breaking)

    output = send_newsletter("--all")

    assert f"Resuming unfinished issue “{issue.subject}”" in output
    assert smtp_server.recipients == ["alerts@example.org"]
    issue.refresh_from_db()
    assert issue.sent_at is not None
    assert "editors send its alerts" in send_newsletter("--all")
    assert len(smtp_server.received) == 1
