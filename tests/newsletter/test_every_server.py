"""Newsletter jobs when every app server runs them at once, as the shipped timers and
worker unit would (docs/deploy.md, "Several app servers"): real `send_newsletter` and
`db_worker` processes sharing PostgreSQL and Redis, one mail server. Every confirmed
reader gets the digest once, a period gets one issue, and each sign-up is handled once.
"""

import os
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsletter import issues, sending, tasks
from newsletter.models import Issue, Newsletter, Subscriber
from tests.factories import ArticleFactory, SubscriberFactory
from tests.processes import database_url, finish, start_command

SERVERS = 3
READERS = 90

# A mark, not the `postgres_only` fixture: skipping before the transactional database
# is set up spares the SQLite pass a flush.
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the servers are separate processes sharing the database",
)


@pytest.fixture
def server_env(smtp_server, redis_url, site_url, settings) -> dict[str, str]:
    """The environment every app server's units share: one database, one Redis, one
    mail server."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "SITE_URL": site_url,
        "NEWSLETTER_WORKERS": "2",
    }


def sent_count(output: str) -> int:
    """Messages one `send_newsletter` run reports sending (0 if it found nothing to do)."""
    found = re.search(r"^Sent (\d+), failed", output, re.MULTILINE)
    return int(found.group(1)) if found else 0


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_timer_on_every_server_sends_one_issue_once_to_each_reader(smtp_server, server_env):
    ArticleFactory.create_batch(3)
    readers = [SubscriberFactory(email=f"r{n:03}@example.org") for n in range(READERS)]
    SubscriberFactory(email="pending@example.org", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    smtp_server.answer_delay = 0.05  # a real server's pace: the runs overlap

    command = ("send_newsletter", "--batch-size", "5")
    runs = [start_command(server_env, *command) for _server in range(SERVERS)]
    outputs = [finish(run) for run in runs]

    assert sorted(smtp_server.recipients) == sorted(reader.email for reader in readers)
    issue = Issue.objects.get()
    assert issue.sent_at is not None
    assert sending.delivery_counts(issue=issue)["sent"] == READERS
    sent = [sent_count(output) for output in outputs]
    assert sum(sent) == READERS
    assert sum(1 for n in sent if n) >= 2, f"the runs did not overlap: {outputs}"

    # A server that was off at send time catches up later the same day (the timer is
    # Persistent): new stories wait for tomorrow's issue.
    ArticleFactory(headline="Published after the digest went out")
    output = finish(start_command(server_env, "send_newsletter"))
    assert "went out already; nothing to send" in output
    assert Issue.objects.count() == 1
    assert len(smtp_server.received) == READERS


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_workers_on_every_server_handle_each_signup_once(smtp_server, server_env):
    """`db_worker` on every server: each sign-up task runs on one of them, so each
    address gets one confirmation e-mail."""
    addresses = [f"new{n:02}@example.org" for n in range(30)]
    for address in addresses:
        tasks.record_signup.enqueue(email=address, source="footer")

    command = ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    workers = [start_command(server_env, *command) for _server in range(SERVERS)]
    for worker in workers:
        finish(worker)

    assert sorted(smtp_server.recipients) == addresses
    assert Subscriber.objects.filter(
        email__in=addresses, status=Subscriber.Status.PENDING
    ).count() == len(addresses)


def test_one_issue_per_period_even_when_planned_again(smtp_server, briefing):
    """A plan made after the day's issue went out gets that issue back, new stories
    or not: they go in the next period's issue."""
    newsletter = briefing
    SubscriberFactory(newsletter=newsletter)
    ArticleFactory()
    first = issues.create_issue(plan=issues.plan_issue(newsletter=newsletter))
    sending.send_issue(issue=first)
    ArticleFactory(headline="Later that day")

    again = issues.create_issue(plan=issues.plan_issue(newsletter=newsletter))

    assert again == first
    assert Issue.objects.count() == 1
    assert issues.issue_of_period(newsletter=newsletter, now=timezone.now()) == first
    tomorrow = timezone.now() + timedelta(days=1)
    assert issues.issue_of_period(newsletter=newsletter, now=tomorrow) is None


@pytest.mark.parametrize(
    ("cadence", "days_to_next_period"),
    [(Newsletter.Cadence.DAILY, 1), (Newsletter.Cadence.WEEKLY, 7)],
)
def test_a_period_is_a_local_day_or_a_monday_to_sunday_week(cadence, days_to_next_period, db):
    newsletter = Newsletter(cadence=cadence)
    monday_night = timezone.make_aware(datetime(2026, 3, 2, 23, 30))
    start = issues.period_start(newsletter=newsletter, moment=monday_night)
    assert start == monday_night.date()
    for days in range(days_to_next_period):
        moment = monday_night + timedelta(days=days, minutes=20)
        assert issues.period_start(newsletter=newsletter, moment=moment) == start
    following = monday_night + timedelta(days=days_to_next_period)
    assert issues.period_start(newsletter=newsletter, moment=following) != start
