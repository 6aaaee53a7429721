"""Breaking news alerts: one live story to one alert list, once, with the digest's
exactly-once sending across crashes."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from newsletter import alerts, sending
from newsletter.models import Issue, Newsletter
from tests.factories import ArticleFactory, ImageFactory, SubscriberFactory
from tests.newsletter.alerting import alert_list
from tests.processes import database_url

pytestmark = pytest.mark.django_db

SEND_TASK = "newsletter.tasks.send_issue"


@pytest.fixture
def breaking(db):
    return alert_list("en")


@pytest.fixture
def story(db):
    return ArticleFactory(
        headline="Army cuts the internet in Sagaing",
        standfirst="Mobile data is off in 11 townships.",
        featured_image=ImageFactory(alt_text="A phone mast on a hill"),
    )


@pytest.fixture
def audience(breaking, briefing):
    """Three readers of the alert list, and people who must not get its alerts: a
    paused, a pending and an unsubscribed reader of it, and a Daily Briefing reader."""
    readers = [SubscriberFactory(email=f"a{n}@example.org", newsletter=breaking) for n in range(3)]
    SubscriberFactory(email="paused@example.org", newsletter=breaking, paused_at=timezone.now())
    SubscriberFactory(email="pending@example.org", newsletter=breaking, status="pending")
    SubscriberFactory(email="left@example.org", newsletter=breaking, status="unsubscribed")
    SubscriberFactory(email="briefing-only@example.org", newsletter=briefing)
    return readers


def test_an_alert_lists_the_receiving_readers_of_its_list_and_queues_its_sending(
    story, breaking, audience, admin_user
):
    issue = alerts.send_alert(article=story, newsletter=breaking, user=admin_user)

    assert issue.alert_article == story and issue.sent_by == admin_user
    assert list(issue.articles.all()) == [story]
    assert sorted(issue.deliveries.values_list("subscriber__email", flat=True)) == [
        reader.email for reader in audience
    ]
    [task] = DBTaskResult.objects.filter(task_path=SEND_TASK)
    assert task.args_kwargs["kwargs"] == {"issue_id": issue.pk}


def test_the_alert_email_carries_the_story_and_each_readers_links(
    smtp_server, site_url, story, breaking, audience
):
    issue = alerts.send_alert(article=story, newsletter=breaking)
    report = sending.send_issue(issue=issue)

    assert report.sent == 3
    assert sorted(smtp_server.recipients) == sorted(reader.email for reader in audience)
    mail = smtp_server.to("a0@example.org")[0]
    assert mail.message["Subject"] == "Breaking: Army cuts the internet in Sagaing"
    url = f"{site_url}{story.get_absolute_url()}"
    for body in (mail.html, mail.text):
        assert "Army cuts the internet in Sagaing" in body
        assert "Mobile data is off in 11 townships." in body
        assert url in body
        assert "Read the story" in body
        assert f"{site_url}/newsletter/unsubscribe/" in body
        assert f"{site_url}/newsletter/preferences/" in body
    assert 'alt="A phone mast on a hill"' in mail.html
    assert "__UNSUBSCRIBE_URL__" not in mail.text + mail.html
    assert Issue.objects.get().sent_at is not None


def test_a_burmese_list_gets_a_burmese_alert(smtp_server, site_url):
    burmese = alert_list("my")
    SubscriberFactory(email="reader@example.org", newsletter=burmese)
    story = ArticleFactory(headline="စစ်ကိုင်းတွင် အင်တာနက် ဖြတ်", standfirst="မြို့နယ် ၁၁ ခု", language="my")

    sending.send_issue(issue=alerts.send_alert(article=story, newsletter=burmese))

    [mail] = smtp_server.received
    assert mail.message["Subject"].strip() == "အထူးသတင်း – စစ်ကိုင်းတွင် အင်တာနက် ဖြတ်"  # (folded)
    assert '<html lang="my">' in mail.html
    assert "သတင်းကို ဖတ်ရန်" in mail.text
    assert f"{site_url}/my/" in mail.text


def test_pressing_send_twice_sends_one_alert(story, breaking, audience):
    first = alerts.send_alert(article=story, newsletter=breaking)

    with pytest.raises(alerts.AlreadyAlerted, match="was sent to") as refused:
        alerts.send_alert(article=story, newsletter=breaking)

    assert refused.value.issue == first
    assert Issue.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 1


def test_the_same_story_may_go_to_each_list_once(story, breaking):
    other = Newsletter.objects.create(name="Big stories", slug="big-stories", kind="alerts")

    alerts.send_alert(article=story, newsletter=breaking)
    alerts.send_alert(article=story, newsletter=other)

    assert Issue.objects.filter(alert_article=story).count() == 2


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"status": Article.Status.DRAFT}, "is not published (draft)"),
        ({"status": Article.Status.UNPUBLISHED}, "is not published (unpublished)"),
        ({"publish_at": timezone.now() + timedelta(hours=2)}, "is scheduled for"),
        ({"language": "my"}, "is in the Burmese edition"),
    ],
)
def test_only_a_live_story_of_the_lists_edition_is_alerted(breaking, audience, fields, reason):
    story = ArticleFactory(**fields)

    with pytest.raises(alerts.AlertRefused, match=re.escape(reason)):
        alerts.plan_alert(article=story, newsletter=breaking)
    with pytest.raises(alerts.AlertRefused, match=re.escape(reason)):
        alerts.send_alert(article=story, newsletter=breaking)
    assert not Issue.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_digest_is_no_alert_list(story, briefing):
    with pytest.raises(alerts.AlertRefused, match="is not a breaking news list"):
        alerts.send_alert(article=story, newsletter=briefing)


def test_a_long_headline_makes_a_subject_that_fits(breaking):
    story = ArticleFactory(headline="Protests " * 33)
    plan = alerts.plan_alert(article=story, newsletter=breaking)
    assert len(plan.subject) == 200 and plan.subject.endswith("…")


@pytest.mark.django_db(transaction=True)
def test_two_editors_pressing_at_once_make_one_alert(postgres_only, story, breaking, audience):
    """The second editor's insert waits on the first's uncommitted row, then meets the
    constraint: it gets the first one's alert, not an error, and nothing is queued twice."""
    first_inserted, first_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def first_editor():
        try:
            with transaction.atomic():
                outcome["first"] = alerts.send_alert(article=story, newsletter=breaking)
                first_inserted.set()
                first_may_commit.wait(timeout=10)
        finally:
            connections.close_all()

    def second_editor():
        first_inserted.wait(timeout=10)
        try:
            alerts.send_alert(article=story, newsletter=breaking)
        except alerts.AlreadyAlerted as refusal:
            outcome["second"] = refusal.issue
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    first_inserted.wait(timeout=10)
    assert _a_query_waits_on_a_lock(), "the second insert should wait on the first one's row"
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)

    assert outcome["second"] == outcome["first"]
    assert Issue.objects.count() == 1
    assert outcome["first"].deliveries.count() == 3
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 1


def _a_query_waits_on_a_lock(seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="needs PostgreSQL: the killed worker is a separate process sharing the database",
)
@pytest.mark.django_db(transaction=True)
def test_a_breaking_alert_reaches_exactly_its_list_once_across_a_kill_and_restart(
    smtp_server, settings, site_url, tmp_path, story
):
    """The background worker sending the alert is SIGKILLed by the mail server right
    after it took the 4th reader's message (outcome unknown to the sender). The timer's
    `send_newsletter --all`, once the dead worker's claims are stale, finishes the list:
    everyone on it gets exactly one alert, the undecided 4th one is not sent again, and
    nobody off the list (or paused, pending, gone) gets any."""
    breaking = alert_list("en")
    readers = [SubscriberFactory(email=f"k{n}@example.org", newsletter=breaking) for n in range(9)]
    SubscriberFactory(email="paused@example.org", newsletter=breaking, paused_at=timezone.now())
    SubscriberFactory(email="pending@example.org", newsletter=breaking, status="pending")
    SubscriberFactory(email="left@example.org", newsletter=breaking, status="unsubscribed")
    SubscriberFactory(email="briefing-only@example.org")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "SITE_URL": site_url,
        "NEWSLETTER_WORKERS": "1",
        "NEWSLETTER_BATCH_SIZE": "3",
    }
    worker = None

    def kill_worker(address):
        if address == "k3@example.org":
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    issue = alerts.send_alert(article=story, newsletter=breaking)
    smtp_server.on_message = kill_worker
    with open(tmp_path / "worker.log", "ab") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
            env=env,
            stderr=log,
        )
        assert worker.wait(timeout=60) == -signal.SIGKILL
    smtp_server.on_message = None
    in_flight = issue.deliveries.filter(status="sending").values_list("subscriber__email")
    assert list(in_flight) == [("k3@example.org",)]
    assert issue.deliveries.filter(status="claimed").exists()  # the dead worker's batch

    timer = subprocess.run(
        [sys.executable, "manage.py", "send_newsletter", "--all"],
        cwd=settings.BASE_DIR,
        env={**env, "NEWSLETTER_CLAIM_TIMEOUT_SECONDS": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert f"Resuming unfinished issue “{issue.subject}”" in timer.stdout, timer.stderr
    alert_recipients = [
        address
        for mail in smtp_server.received
        if mail.message["Subject"] == issue.subject
        for address in mail.recipients
    ]
    assert sorted(alert_recipients) == [reader.email for reader in readers]
    assert "1 delivery was interrupted" in timer.stderr
    counts = sending.delivery_counts(issue=issue)
    assert counts["sent"] == 8 and counts["sending"] == 1
    assert counts["pending"] == counts["claimed"] == 0
