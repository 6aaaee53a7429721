"""The daily digest: what goes in, who gets it, and exactly-once delivery across crashes."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from articles.models import Article
from newsletter import issues, sending, subscriptions
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import ArticleFactory, ImageFactory, SubscriberFactory
from tests.processes import database_url

pytestmark = pytest.mark.django_db


def send_newsletter(*args) -> str:
    out = StringIO()
    call_command("send_newsletter", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def stories(db):
    """Two live stories (one with a photo), a draft and a scheduled one."""
    photo = ImageFactory(alt_text="Monks walk past a checkpoint")
    return {
        "photo": ArticleFactory(
            headline="Junta extends martial law",
            standfirst="Eleven more townships come under military rule.",
            featured_image=photo,
        ),
        "plain": ArticleFactory(
            headline="မြန်မာ သတင်း",
            standfirst="ကျောင်းသားများ ဆန္ဒပြ",
            publish_at=timezone.now() - timedelta(hours=3),
        ),
        "draft": ArticleFactory(headline="Draft story", status=Article.Status.DRAFT),
        "scheduled": ArticleFactory(
            headline="Scheduled story", publish_at=timezone.now() + timedelta(hours=2)
        ),
    }


@pytest.fixture
def audience(db):
    """Subscribers in every status; only the confirmed ones may get the digest."""
    confirmed = [SubscriberFactory(email=f"c{n}@example.org") for n in range(5)]
    SubscriberFactory(email="pending@example.org", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    return confirmed


def test_published_since_is_published_and_newer(stories):
    since = timezone.now() - timedelta(hours=2)
    assert list(Article.objects.published_since(since)) == [stories["photo"]]
    assert set(Article.objects.published_since(None)) == {stories["photo"], stories["plain"]}


def test_digest_reaches_exactly_the_confirmed_subscribers_once(
    smtp_server, stories, audience, site_url
):
    output = send_newsletter()

    assert "Sent 5, failed 0, skipped 0" in output
    assert sorted(smtp_server.recipients) == sorted(s.email for s in audience)
    issue = Issue.objects.get()
    assert issue.sent_at is not None
    assert set(issue.articles.all()) == {stories["photo"], stories["plain"]}
    assert sending.delivery_counts(issue=issue)["sent"] == 5

    mail = smtp_server.to("c0@example.org")[0]
    message = mail.message
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == issue.subject and "Daily Briefing" in issue.subject
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_url = message["List-Unsubscribe"].strip().strip("<>")  # no mailto by default
    assert https_url.startswith("https://news.example/newsletter/unsubscribe/")
    assert message["List-Id"].startswith("Daily Briefing <daily-briefing.news.example>")
    assert https_url in mail.text and https_url in mail.html

    for text in (mail.text, mail.html):
        assert "Junta extends martial law" in text
        assert "Eleven more townships come under military rule." in text
        assert "မြန်မာ သတင်း" in text and "ကျောင်းသားများ ဆန္ဒပြ" in text
        assert f"https://news.example{stories['photo'].get_absolute_url()}" in text
        assert "Draft story" not in text and "Scheduled story" not in text
    assert '<img src="https://news.example/media/' in mail.html
    assert 'alt="Monks walk past a checkpoint"' in mail.html
    assert 'style="' in mail.html  # inline styles: mail clients drop <style> blocks

    # Each reader's own unsubscribe link; the placeholder never leaks.
    other = smtp_server.to("c1@example.org")[0]
    assert other.message["List-Unsubscribe"] != message["List-Unsubscribe"]
    assert "__UNSUBSCRIBE_URL__" not in mail.html + mail.text

    # Today's issue is out: the next run sends nothing.
    assert "went out already; nothing to send" in send_newsletter()
    assert len(smtp_server.received) == 5
    assert Issue.objects.count() == 1


def test_next_issue_carries_only_stories_published_after_the_last_one(
    smtp_server, stories, audience
):
    send_newsletter()
    newer = ArticleFactory(headline="A newer story", publish_at=timezone.now())
    # The scheduled story's time comes after the first issue went out.
    Article.objects.filter(pk=stories["scheduled"].pk).update(publish_at=timezone.now())
    tomorrow = timezone.now() + timedelta(days=1)  # one issue a day
    latest = issues.create_issue(
        plan=issues.plan_issue(newsletter=audience[0].newsletter, now=tomorrow)
    )
    sending.send_issue(issue=latest)
    assert set(latest.articles.all()) == {newer, stories["scheduled"]}
    assert len(smtp_server.received) == 10


def test_no_stories_no_issue(smtp_server, audience):
    ArticleFactory(status=Article.Status.DRAFT)
    output = send_newsletter()
    assert "Nothing published since" in output
    assert Issue.objects.count() == 0
    assert smtp_server.received == []


def test_dry_run_stores_and_sends_nothing(smtp_server, stories, audience):
    output = send_newsletter("--dry-run", "--verbosity", "2")
    assert "2 stories for 5 confirmed subscribers" in output
    assert "Junta extends martial law" in output
    assert Issue.objects.count() == 0
    assert smtp_server.received == []


def test_unknown_newsletter_fails_loudly(db):
    with pytest.raises(CommandError, match="No newsletter"):
        send_newsletter("--newsletter", "nope")


def test_one_smtp_connection_per_batch(smtp_server, stories, audience):
    send_newsletter("--batch-size", "2")
    connections = [mail.connection_id for mail in smtp_server.received]
    assert len(smtp_server.received) == 5
    assert len(set(connections)) == 3  # batches of 2, 2 and 1


def test_crash_midway_then_rerun_delivers_every_message_exactly_once(
    smtp_server, stories, settings
):
    """The server goes away after K messages; the command stops loudly; a re-run sends
    to the rest, and nobody gets the issue twice."""
    readers = [SubscriberFactory(email=f"r{n:02}@example.org") for n in range(23)]
    smtp_server.fail_after = 7

    with pytest.raises(CommandError, match="Run the command again"):
        send_newsletter("--batch-size", "5")

    issue = Issue.objects.get()
    assert len(smtp_server.received) == 7
    counts = sending.delivery_counts(issue=issue)
    assert counts["sent"] == 7 and counts["pending"] == 16
    assert counts["claimed"] == counts["sending"] == 0
    assert issue.sent_at is None

    smtp_server.fail_after = None
    output = send_newsletter("--batch-size", "5")

    assert "Resuming unfinished issue" in output
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)
    assert len(smtp_server.recipients) == len(set(smtp_server.recipients)) == 23
    issue.refresh_from_db()
    assert issue.sent_at is not None
    assert Issue.objects.count() == 1


def test_after_a_hard_kill_untried_rows_are_resent_and_the_one_in_flight_is_not(
    smtp_server, stories, audience, site_url
):
    """A killed sender leaves `claimed` rows (content never handed over) and at most one
    `sending` row (outcome unknown). A later run sends the first, reports the second,
    and --resend-interrupted sends it with the Message-ID it had."""
    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan)
    deliveries = list(issue.deliveries.select_related("subscriber").order_by("pk"))
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(pk=deliveries[0].pk).update(status="sent", sent_at=long_ago)
    Delivery.objects.filter(pk=deliveries[1].pk).update(status="sending", claimed_at=long_ago)
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries[2:]]).update(
        status="claimed", claimed_at=long_ago
    )

    out, err = StringIO(), StringIO()
    call_command("send_newsletter", stdout=out, stderr=err)

    assert sorted(smtp_server.recipients) == sorted(d.subscriber.email for d in deliveries[2:])
    assert "1 delivery was interrupted" in err.getvalue()
    assert "--resend-interrupted" in err.getvalue()
    issue.refresh_from_db()
    assert issue.sent_at is not None

    in_flight = deliveries[1].subscriber.email
    listed = send_newsletter("--resend-interrupted", "--dry-run")
    assert in_flight in listed
    assert "Dry run: 1 interrupted delivery would be sent again." in listed
    assert in_flight not in smtp_server.recipients

    assert "Sent again 1, failed 0, skipped 0." in send_newsletter("--resend-interrupted")
    assert smtp_server.message_ids(in_flight) == [
        f"<issue-{issue.pk}.reader-{deliveries[1].subscriber_id}."
        f"{issue.created_at:%Y%m%d%H%M%S}@news.example>"
    ]
    assert sending.delivery_counts(issue=issue)["sent"] == 5
    assert "0 interrupted deliveries" in send_newsletter("--resend-interrupted", "--dry-run")


def test_every_message_has_a_stable_message_id_of_its_own(smtp_server, stories, audience, site_url):
    send_newsletter()
    issue = Issue.objects.get()
    ids = {s.email: smtp_server.message_ids(s.email) for s in audience}
    assert all(len(found) == 1 for found in ids.values())
    assert len({found[0] for found in ids.values()}) == len(audience)
    reader = audience[0]
    assert ids[reader.email] == [
        f"<issue-{issue.pk}.reader-{reader.pk}.{issue.created_at:%Y%m%d%H%M%S}@news.example>"
    ]


def test_a_message_whose_answer_never_came_is_not_resent_automatically(
    smtp_server, stories, audience, site_url
):
    """The server takes c2's message but drops the connection instead of answering:
    the sender cannot know whether c2 has it. The rest are sent by a re-run; c2's
    delivery waits for the operator, and its repeat carries the same Message-ID."""
    smtp_server.hang_up_on = {"c2@example.org"}
    with pytest.raises(CommandError, match="Run the command again"):
        send_newsletter()
    issue = Issue.objects.get()
    assert sending.delivery_counts(issue=issue)["sending"] == 1

    smtp_server.hang_up_on = set()
    send_newsletter()
    assert sorted(smtp_server.recipients) == sorted(s.email for s in audience)

    Delivery.objects.filter(status="sending").update(claimed_at=timezone.now() - timedelta(hours=1))
    send_newsletter("--resend-interrupted")
    first, repeat = smtp_server.message_ids("c2@example.org")
    assert first == repeat
    assert sending.delivery_counts(issue=issue)["sent"] == 5


def test_fresh_claims_of_a_running_sender_are_left_alone(smtp_server, stories, audience):
    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan)
    Delivery.objects.filter(issue=issue).update(status="claimed", claimed_at=timezone.now())
    report = sending.send_issue(issue=issue)
    assert report.sent == 0
    assert smtp_server.received == []


def test_refused_recipients_fail_and_bounce_without_stopping_the_run(
    smtp_server, stories, audience
):
    smtp_server.refuse = {"c2@example.org"}
    output = send_newsletter()
    assert "Sent 4, failed 1" in output
    assert "c2@example.org" not in smtp_server.recipients
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert "No such mailbox" in failed.error
    assert Subscriber.objects.get(email="c2@example.org").status == Subscriber.Status.BOUNCED


def test_subscribers_who_leave_after_the_issue_is_built_are_skipped(smtp_server, stories, audience):
    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan)
    subscriptions.unsubscribe(subscriber_id=audience[0].pk)
    report = sending.send_issue(issue=issue)
    assert (report.sent, report.skipped) == (4, 1)
    assert audience[0].email not in smtp_server.recipients


def test_one_delivery_per_issue_and_subscriber(stories, audience):
    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan)
    assert issue.deliveries.count() == 5
    with pytest.raises(IntegrityError):
        Delivery.objects.create(issue=issue, subscriber=audience[0])


def test_deliveries_are_created_in_chunks_for_every_confirmed_subscriber(stories, audience):
    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan, chunk_size=2)
    assert set(issue.deliveries.values_list("subscriber_id", flat=True)) == {s.pk for s in audience}


@pytest.mark.django_db(transaction=True)
def test_claims_skip_rows_locked_by_another_sender(postgres_only, stories, audience):
    """On PostgreSQL two senders never claim the same row (FOR UPDATE SKIP LOCKED).
    Committed rows (transaction=True) so the second connection sees them."""

    plan = issues.plan_issue(newsletter=audience[0].newsletter)
    issue = issues.create_issue(plan=plan)
    first_two = list(issue.deliveries.order_by("pk").values_list("pk", flat=True)[:2])
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM newsletter_delivery WHERE id IN (%s, %s) FOR UPDATE",
                first_two,
            )
        with transaction.atomic():
            claimed = sending._claim_batch(issue=issue, size=10)
        assert {d.pk for d in claimed}.isdisjoint(first_two)
        assert len(claimed) == 3
    finally:
        other.rollback()
        other.close()


def test_overlapping_runs_build_one_issue(smtp_server, stories, audience):
    """Two runs planned at the same moment: the second finds the first's issue."""
    newsletter = audience[0].newsletter
    first_plan = issues.plan_issue(newsletter=newsletter)
    second_plan = issues.plan_issue(newsletter=newsletter)
    first = issues.create_issue(plan=first_plan)
    second = issues.create_issue(plan=second_plan)
    assert second == first
    assert Issue.objects.count() == 1
    sending.send_issue(issue=first)
    sending.send_issue(issue=second)
    assert len(smtp_server.recipients) == len(set(smtp_server.recipients)) == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_senders_deliver_every_message_exactly_once(smtp_server, stories, settings):
    """Four threads share the queue; each reader still gets the issue once, and the
    batches went over separate connections."""
    readers = [SubscriberFactory(email=f"p{n:02}@example.org") for n in range(40)]
    output = send_newsletter("--workers", "4", "--batch-size", "5")
    assert "Sent 40, failed 0" in output
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)
    assert len({mail.connection_id for mail in smtp_server.received}) == 8
    assert Issue.objects.get().sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_parallel_senders_stop_and_resume_without_doubles(smtp_server, stories):
    readers = [SubscriberFactory(email=f"q{n:02}@example.org") for n in range(30)]
    smtp_server.fail_after = 9
    with pytest.raises(CommandError, match="Run the command again"):
        send_newsletter("--workers", "3", "--batch-size", "4")
    assert len(smtp_server.received) == 9
    smtp_server.fail_after = None
    send_newsletter("--workers", "3", "--batch-size", "4")
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)


@pytest.mark.parametrize("option", ["--workers", "--batch-size"])
def test_workers_and_batch_size_must_be_positive(db, option):
    with pytest.raises(CommandError, match="at least 1"):
        send_newsletter(option, "0")


def test_an_unreachable_mail_server_stops_the_run_with_everything_still_queued(
    no_smtp_server, stories, audience
):
    with pytest.raises(CommandError, match="Sending stopped"):
        send_newsletter()
    counts = sending.delivery_counts(issue=Issue.objects.get())
    assert counts["pending"] == 5
    assert counts["sent"] == counts["claimed"] == counts["sending"] == 0


def test_the_footer_reads_right_whatever_the_site_is_called(
    smtp_server, stories, audience, settings
):
    """A name that starts with "The" used to read "on the The Newsroom website"."""
    settings.SITE_NAME = "The Newsroom"
    send_newsletter()
    mail = smtp_server.to("c0@example.org")[0]
    for body in (mail.text, mail.html):
        assert "because you subscribed at The Newsroom and confirmed your address" in body
        assert "the The" not in body


def test_counts_of_one_are_singular(smtp_server, audience):
    Subscriber.objects.exclude(pk=audience[0].pk).delete()
    ArticleFactory(headline="The only story")
    output = send_newsletter("--dry-run")
    assert "1 story for 1 confirmed subscriber." in output
    issues.create_issue(plan=issues.plan_issue(newsletter=audience[0].newsletter))
    assert "Dry run: 1 delivery would be sent." in send_newsletter("--dry-run")


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="needs PostgreSQL: the killed sender is a separate process sharing the database",
)
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_with_sigkill_is_finished_by_a_rerun(
    smtp_server, stories, settings, site_url, tmp_path
):
    """Real `send_newsletter` processes, killed with SIGKILL by the mail server: first
    while it names the 4th recipient (nothing handed over: a re-run must send it; the
    3rd, accepted but not yet recorded, is that sender's one undecided row), then
    right after the 8th message's content arrived (the undecidable window again).
    Only --resend-interrupted sends the undecided ones again, with the same Message-ID."""
    readers = [SubscriberFactory(email=f"k{n:02}@example.org") for n in range(12)]
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "SITE_URL": site_url,
        "NEWSLETTER_WORKERS": "1",
    }
    sender = None

    def kill_sender_at(victim):
        def hook(address):
            if address == victim:
                os.kill(sender.pid, signal.SIGKILL)
                sender.wait(timeout=10)

        return hook

    def run_until_killed():
        nonlocal sender
        command = [sys.executable, "manage.py", "send_newsletter", "--batch-size", "5"]
        with open(tmp_path / "sender.log", "ab") as log:
            sender = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stderr=log)
            assert sender.wait(timeout=60) == -signal.SIGKILL

    smtp_server.on_recipient = kill_sender_at("k03@example.org")
    run_until_killed()
    smtp_server.on_recipient = None
    smtp_server.on_message = kill_sender_at("k07@example.org")
    run_until_killed()
    smtp_server.on_message = None
    issue = Issue.objects.get()
    undecided = ["k02@example.org", "k07@example.org"]
    assert (
        sorted(
            issue.deliveries.filter(status="sending").values_list("subscriber__email", flat=True)
        )
        == undecided
    )

    settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS = 0  # the dead senders' claims are stale now
    send_newsletter()
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)

    listed = send_newsletter("--resend-interrupted")
    assert all(address in listed for address in undecided)
    assert len(smtp_server.recipients) == 14
    for address in undecided:
        first, repeat = smtp_server.message_ids(address)
        assert first == repeat
    assert sending.delivery_counts(issue=issue)["sent"] == 12
