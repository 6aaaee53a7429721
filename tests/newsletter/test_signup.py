"""Signing up: the box, double opt-in mail, no enumeration, and every kind of bad input."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import views
from newsletter.models import Newsletter, Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/newsletter/"


def queued_signups() -> int:
    return DBTaskResult.objects.filter(task_path="newsletter.tasks.record_signup").count()


@pytest.fixture
def post_signup(run_tasks):
    """POST a sign-up, then run the background worker over what it enqueued, as the
    worker beside the web server does moments later."""

    def post(client, data, headers, *, json=False):
        if json:
            headers = {**headers, "Accept": "application/json"}
        response = client.post(SIGNUP_URL, data, headers=headers)
        run_tasks()
        return response

    return post


def test_the_data_migration_creates_the_daily_briefing(db):
    newsletter = Newsletter.objects.get(slug="daily-briefing")
    assert newsletter.name == "Daily Briefing"
    assert newsletter.cadence == Newsletter.Cadence.DAILY


def test_newsletter_page_is_the_same_for_every_reader_and_has_no_csrf_token(client, briefing):
    """Pages with the box are cached whole, so nothing in it may be per reader."""
    first = client.get(SIGNUP_URL)
    second = Client().get(SIGNUP_URL)
    assert first.status_code == 200
    assert first.content == second.content
    assert b"csrfmiddlewaretoken" not in first.content
    assert "csrftoken" not in first.cookies
    html = first.content.decode()
    assert briefing.name in html
    assert 'name="email"' in html and 'name="website"' in html
    assert reverse("newsletter:subscribe") == SIGNUP_URL


def test_signup_creates_a_pending_subscriber_and_mails_a_confirmation(
    post_signup, client, smtp_server, signup_headers, site_url
):
    response = post_signup(
        client, {"email": "Reader@Example.ORG", "source": "/news/burma/"}, signup_headers
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:thanks")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Reader@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "/news/burma/"
    assert subscriber.confirmation_sent_at is not None
    [mail] = smtp_server.received
    assert mail.recipients == ["Reader@example.org"]
    assert "confirm" in mail.message["Subject"].lower()
    [link] = mail.links(r"https://news\.example/newsletter/confirm/\S+/")
    assert link in mail.html
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get(response["Location"]).status_code == 200


@pytest.fixture
def known_addresses(db):
    """A confirmed subscriber (known@) and one still pending (waiting@)."""
    SubscriberFactory(email="known@example.org")
    SubscriberFactory(
        email="waiting@example.org",
        status=Subscriber.Status.PENDING,
        confirmed_at=None,
        confirmation_sent_at=timezone.now(),
    )


def test_the_answer_is_the_same_for_new_pending_and_confirmed_addresses(
    post_signup, client, smtp_server, signup_headers, known_addresses
):
    answers = []
    for address in ["new@example.org", "waiting@example.org", "KNOWN@example.org"]:
        html = post_signup(client, {"email": address}, signup_headers)
        json = post_signup(client, {"email": address}, signup_headers, json=True)
        answers.append((html.status_code, html["Location"], json.status_code, json.json()))

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][3]["ok"] is True
    # Only the new address got mail: the pending one was mailed moments ago, the
    # confirmed one needs nothing.
    assert smtp_server.recipients == ["new@example.org"]
    assert Subscriber.objects.count() == 3


def test_resending_the_confirmation_is_throttled(
    post_signup, client, smtp_server, signup_headers, settings
):
    settings.NEWSLETTER_CONFIRMATION_RESEND_SECONDS = 900
    for _attempt in range(3):
        post_signup(client, {"email": "again@example.org"}, signup_headers)
    assert len(smtp_server.received) == 1

    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=16))
    post_signup(client, {"email": "again@example.org"}, signup_headers)
    assert len(smtp_server.received) == 2
    assert Subscriber.objects.count() == 1


def test_addresses_are_unique_whatever_their_case(
    post_signup, client, smtp_server, signup_headers, briefing
):
    post_signup(client, {"email": "Case@Example.org"}, signup_headers)
    post_signup(client, {"email": "case@EXAMPLE.ORG"}, signup_headers)
    assert Subscriber.objects.count() == 1
    with pytest.raises(IntegrityError):
        Subscriber.objects.create(newsletter=briefing, email="CASE@example.org")


def test_signup_after_unsubscribing_asks_for_confirmation_again(
    post_signup, client, smtp_server, signup_headers
):
    subscriber = SubscriberFactory(
        email="back@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
    )
    post_signup(client, {"email": "back@example.org"}, signup_headers)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert smtp_server.recipients == ["back@example.org"]


def test_json_answer_for_the_script(post_signup, client, smtp_server, signup_headers):
    ok = post_signup(client, {"email": "script@example.org"}, signup_headers, json=True)
    bad = post_signup(client, {"email": "not an address"}, signup_headers, json=True)
    assert ok.status_code == 200 and ok.json()["ok"] is True and ok.json()["message"]
    assert bad.status_code == 400 and bad.json()["ok"] is False
    assert "valid e-mail address" in bad.json()["errors"][0]


@pytest.mark.parametrize(
    "address",
    [
        "",
        "not-an-address",
        "two@@example.org",
        "spaces in@example.org",
        "a" * 250 + "@example.org",  # 262 characters
        "b" * 64 + "@" + "c" * 186 + ".org",  # 255 characters
        "victim@example.org\r\nBcc: everyone@example.net",
        "victim@example.org\nSubject: spam",
        "victim@example.org%0d%0aBcc:everyone@example.net",
        "victim@example.org\x00",
    ],
    ids=[
        "empty",
        "no-at",
        "double-at",
        "space",
        "262-chars",
        "255-chars",
        "crlf-bcc",
        "lf-subject",
        "encoded-crlf",
        "nul",
    ],
)
def test_bad_addresses_are_refused_with_a_message_and_nothing_is_stored_or_sent(
    post_signup, client, smtp_server, signup_headers, address
):
    response = post_signup(client, {"email": address}, signup_headers)
    assert response.status_code == 400
    assert b"newsletter__errors" in response.content
    assert queued_signups() == 0
    assert Subscriber.objects.count() == 0
    assert smtp_server.received == []


def test_a_missing_csrf_proof_gets_a_clear_403(smtp_server):
    """No Origin and no Referer: the browser gives no sign the POST came from us."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(SIGNUP_URL, {"email": "forged@example.org"})
    assert response.status_code == 403
    assert b"did not say which site sent it" in response.content
    assert queued_signups() == 0
    assert smtp_server.received == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page/"},
        {"Referer": "http://[::1/broken"},
        {"Referer": "not a url"},
    ],
    ids=["foreign-origin", "null-origin", "foreign-referer", "broken-referer", "junk-referer"],
)
def test_cross_site_posts_are_refused(smtp_server, headers):
    response = Client(enforce_csrf_checks=True).post(
        SIGNUP_URL, {"email": "forged@example.org"}, headers=headers
    )
    assert response.status_code == 403
    assert queued_signups() == 0


def test_a_same_site_referer_is_enough_without_origin(post_signup, smtp_server):
    response = post_signup(
        Client(enforce_csrf_checks=True),
        {"email": "old-browser@example.org"},
        {"Referer": "http://testserver/news/"},
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="old-browser@example.org").exists()


def test_trusted_origins_are_accepted(smtp_server, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.news.example"]
    response = Client().post(
        SIGNUP_URL,
        {"email": "via-cdn@example.org"},
        headers={"Origin": "https://www.news.example"},
    )
    assert response.status_code == 302


def test_a_filled_honeypot_looks_like_success_but_records_nothing(
    post_signup, client, smtp_server, signup_headers
):
    response = post_signup(
        client, {"email": "bot@example.org", "website": "http://spam.example"}, signup_headers
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:thanks")
    assert queued_signups() == 0
    assert Subscriber.objects.count() == 0
    assert smtp_server.received == []


def test_a_flood_from_one_client_gets_429(
    post_signup, client, smtp_server, signup_headers, settings
):
    settings.NEWSLETTER_SIGNUP_RATE = "3/h"
    statuses = [
        post_signup(client, {"email": f"flood{n}@example.org"}, signup_headers).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Subscriber.objects.count() == 3
    limited = post_signup(client, {"email": "more@example.org"}, signup_headers, json=True)
    assert limited.status_code == 429
    assert "Too many" in limited.json()["message"]
    # Seconds until the hour's counter runs out, so a client knows when to come back.
    assert 1 <= int(limited["Retry-After"]) <= 3600
    other_client = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        post_signup(other_client, {"email": "other@example.org"}, signup_headers).status_code == 302
    )


def test_an_unreachable_mail_server_does_not_lose_the_sign_up_and_a_retry_mails(
    post_signup, client, no_smtp_server, signup_headers, smtp_server_factory
):
    """The confirmation goes out after the answer, so the answer is the usual one; the
    failed task keeps the error, the throttle is lifted, and signing up again mails."""
    response = post_signup(client, {"email": "later@example.org"}, signup_headers)
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmation_sent_at is None
    [failed] = DBTaskResult.objects.failed()
    assert failed.exception_class_path == "newsletter.subscriptions.ConfirmationNotSent"

    server = smtp_server_factory()
    post_signup(client, {"email": "later@example.org"}, signup_headers)
    assert server.recipients == ["later@example.org"]


def test_the_confirmation_is_sent_after_the_answer(run_tasks, smtp_server, signup_headers):
    """The view only enqueues the sign-up: nothing is stored or mailed until the
    background worker runs it, so a new address is not answered more slowly than a
    known one."""
    request = RequestFactory().post(
        SIGNUP_URL, {"email": "timing@example.org"}, headers=signup_headers
    )
    response = views.subscribe(request)
    assert response.status_code == 302
    assert queued_signups() == 1
    assert smtp_server.received == []
    assert not Subscriber.objects.exists()
    run_tasks()
    assert smtp_server.recipients == ["timing@example.org"]
    assert Subscriber.objects.filter(email="timing@example.org").exists()
    # The done task's row, which held the address, is gone.
    assert not DBTaskResult.objects.exists()


def statements_of(view, request) -> tuple[list[str], object]:
    """The SQL `view` runs for `request`, with placeholders rather than values."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = view(request)
    return statements, response


def test_the_answer_costs_the_same_sql_for_new_pending_and_confirmed_addresses(
    run_tasks, smtp_server, signup_headers, briefing, known_addresses
):
    """Timing must not tell a new address from a known one: before the answer, every
    sign-up runs the same statements (the rate limit's and one insert of the task), and
    looking up or storing the address waits, with its e-mail, for the worker."""
    before_answer = []
    for n, address in enumerate(["new@example.org", "waiting@example.org", "known@example.org"]):
        # One client address each, so the rate-limit counter takes the same path.
        request = RequestFactory().post(
            SIGNUP_URL, {"email": address}, headers=signup_headers, REMOTE_ADDR=f"192.0.2.{n}"
        )
        statements, response = statements_of(views.subscribe, request)
        assert response.status_code == 302
        before_answer.append(statements)

    assert before_answer[0] == before_answer[1] == before_answer[2]
    [insert] = [sql for sql in before_answer[0] if DBTaskResult._meta.db_table in sql]
    assert insert.startswith("INSERT")
    assert not any(Subscriber._meta.db_table in sql for sql in before_answer[0])
    run_tasks()
    assert Subscriber.objects.get(email="new@example.org").status == Subscriber.Status.PENDING
    assert smtp_server.recipients == ["new@example.org"]


def test_source_keeps_only_same_site_paths(post_signup, client, smtp_server, signup_headers):
    post_signup(
        client, {"email": "s1@example.org", "source": "https://evil.example/"}, signup_headers
    )
    post_signup(client, {"email": "s2@example.org", "source": "//evil.example/x"}, signup_headers)
    post_signup(client, {"email": "s3@example.org", "source": "/မြန်မာ/သတင်း/"}, signup_headers)
    post_signup(client, {"email": "s4@example.org", "source": "/" + "x" * 400}, signup_headers)
    sources = dict(Subscriber.objects.values_list("email", "source"))
    assert sources.pop("s4@example.org") == "/" + "x" * 299
    assert sources == {"s1@example.org": "", "s2@example.org": "", "s3@example.org": "/မြန်မာ/သတင်း/"}


def test_get_only_methods(client, briefing):
    assert client.put(SIGNUP_URL).status_code == 405


def test_newsletter_pages_run_a_fixed_number_of_queries(
    client, briefing, django_assert_max_num_queries
):
    """Guards against the page (or the box in it) growing per-item queries."""
    # The newsletter, the section tree, the footer's static pages (cold cache); for the
    # page cache's headers, the next scheduled publish and the content version (two
    # queries when a database cache table holds it and it is empty).
    with django_assert_max_num_queries(6):
        assert client.get(SIGNUP_URL).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("newsletter:thanks")).status_code == 200


def test_the_box_on_a_public_page_posts_here_without_a_token(client, briefing):
    """The footer box on the home page: same bytes for every reader, no CSRF token,
    and it posts to the sign-up view with the page it sits on as its source."""
    first = client.get("/")
    second = Client().get("/")
    assert first.status_code == 200
    assert first.content == second.content
    html = first.content.decode()
    assert f'action="{SIGNUP_URL}"' in html
    assert 'name="source" value="/"' in html
    assert "csrfmiddlewaretoken" not in html
