"""Choosing several newsletters at sign-up: one confirmation e-mail names them all, and
its one link confirms them all."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import tasks, tokens
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

EVERY_ENGLISH = ["daily-briefing", "breaking-news"]


@pytest.fixture
def sign_up(run_tasks, client, signup_headers):
    """Sign up on a newsletter page, ticking `newsletters`, then run the worker."""

    def post(newsletters, *, page="/newsletter/", email="reader@example.org", json=False):
        headers = {**signup_headers, "Accept": "application/json"} if json else signup_headers
        data = {"email": email, "newsletter": newsletters, "choosing": "1", "source": page}
        response = client.post(page, data, headers=headers)
        run_tasks()
        return response

    return post


def statuses() -> dict[str, str]:
    return dict(Subscriber.objects.values_list("newsletter__slug", "status"))


def test_one_e_mail_names_every_newsletter_chosen_and_its_link_confirms_them_all(
    sign_up, smtp_server, site_url, public_newsletters
):
    response = sign_up(EVERY_ENGLISH)

    assert response.status_code == 302
    assert statuses() == {"daily-briefing": "pending", "breaking-news": "pending"}
    [mail] = smtp_server.received
    assert mail.recipients == ["reader@example.org"]
    assert mail.message["Subject"] == "Please confirm your newsletter subscriptions"
    for body in (mail.text, mail.html):
        assert "Daily Briefing" in body and "Breaking News" in body
    [link] = mail.links(r"https://news\.example/newsletter/confirm/\S+/")

    confirmed = Client().post(urlsplit(link).path)

    assert confirmed.status_code == 200
    assert b"You are subscribed" in confirmed.content
    assert statuses() == {"daily-briefing": "confirmed", "breaking-news": "confirmed"}
    assert Subscriber.objects.receiving().count() == 2


def test_the_burmese_page_signs_up_for_burmese_newsletters_in_burmese(
    sign_up, smtp_server, site_url, public_newsletters
):
    sign_up(["daily-briefing-my", "breaking-news-my"], page="/my/newsletter/")

    assert statuses() == {"daily-briefing-my": "pending", "breaking-news-my": "pending"}
    [mail] = smtp_server.received
    # "Please confirm your newsletter subscriptions"
    assert mail.message["Subject"].strip() == "သတင်းလွှာ စာရင်းသွင်းမှုများကို အတည်ပြုပေးပါ"
    for slug in ("daily-briefing-my", "breaking-news-my"):
        assert public_newsletters[slug].name in mail.text
    assert mail.links(r"https://news\.example/my/newsletter/confirm/\S+/")


def test_the_e_mail_names_only_the_newsletters_awaiting_confirmation(
    sign_up, smtp_server, public_newsletters
):
    SubscriberFactory(email="reader@example.org", newsletter=public_newsletters["daily-briefing"])

    sign_up(EVERY_ENGLISH)

    [mail] = smtp_server.received
    assert mail.message["Subject"] == "Please confirm your subscription to Breaking News"
    assert "Daily Briefing" not in mail.text.split("--")[0]
    assert statuses() == {"daily-briefing": "confirmed", "breaking-news": "pending"}


def test_a_link_confirms_only_what_is_still_pending(sign_up, smtp_server, public_newsletters):
    sign_up(EVERY_ENGLISH)
    [link] = smtp_server.received[0].links(r"https?://\S+/newsletter/confirm/\S+/")
    left = Subscriber.objects.get(newsletter__slug="breaking-news")
    Client().post(f"/newsletter/unsubscribe/{tokens.make_unsubscribe_token(left.pk)}/")

    Client().post(urlsplit(link).path)

    assert statuses() == {"daily-briefing": "confirmed", "breaking-news": "unsubscribed"}


def test_a_confirmation_link_sent_before_several_could_be_chosen_still_works(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    old_token = signing.dumps(subscriber.pk, salt=tokens.CONFIRM_SALT)  # one id, no list

    response = client.post(f"/newsletter/confirm/{old_token}/")

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "value", [[], [0], ["1", "x"], "[1]"], ids=["empty", "zero", "junk", "str"]
)
def test_a_confirm_token_with_no_good_ids_is_refused(client, value):
    token = signing.dumps(value, salt=tokens.CONFIRM_SALT)

    assert client.post(f"/newsletter/confirm/{token}/").status_code == 400


def test_ticking_nothing_on_the_page_gets_a_clear_answer_and_keeps_the_address(
    sign_up, smtp_server, public_newsletters
):
    response = sign_up([])

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose at least one newsletter." in parse(html).one(".newsletter__errors").text
    assert parse(html).one("#page-email")["value"] == "reader@example.org"
    assert not DBTaskResult.objects.exists()
    assert not Subscriber.objects.exists()


def test_ticking_nothing_gets_a_clear_answer_in_json_too(sign_up, smtp_server, public_newsletters):
    response = sign_up([], json=True)

    assert response.status_code == 400
    assert response.json()["errors"] == ["Please choose at least one newsletter."]


def test_the_script_signs_up_for_several(sign_up, smtp_server, public_newsletters):
    response = sign_up(EVERY_ENGLISH, json=True)

    assert response.status_code == 200 and response.json()["ok"] is True
    assert statuses() == {"daily-briefing": "pending", "breaking-news": "pending"}
    assert len(smtp_server.received) == 1


def test_a_refused_choice_keeps_what_was_ticked(sign_up, public_newsletters):
    response = sign_up(["breaking-news", "no-such-letter"])

    assert response.status_code == 400
    page = parse(response.content.decode())
    ticked = [box["value"] for box in page.all("input[type=checkbox][checked]")]
    assert ticked == ["breaking-news"]


def test_the_box_in_every_page_footer_joins_the_default_newsletter_only(
    run_tasks, client, smtp_server, signup_headers, public_newsletters
):
    footer = parse(client.get("/").content.decode()).one("footer form.newsletter-signup")
    assert footer.all("input[type=checkbox]") == []

    client.post("/newsletter/", {"email": "reader@example.org"}, headers=signup_headers)
    run_tasks()

    assert statuses() == {"daily-briefing": "pending"}


def test_a_sign_up_queued_before_the_upgrade_still_joins_its_newsletter(
    run_tasks, smtp_server, public_newsletters
):
    """A sign-up waiting in the queue when the new code arrived names one newsletter."""
    tasks.record_signup.enqueue(
        email="queued@example.org", source="/", language="en", newsletter="breaking-news"
    )
    run_tasks()

    assert statuses() == {"breaking-news": "pending"}
    assert smtp_server.recipients == ["queued@example.org"]


def test_a_newsletter_no_longer_offered_when_the_worker_runs_is_skipped(
    run_tasks, smtp_server, public_newsletters
):
    public_newsletters["breaking-news"].is_public = False
    public_newsletters["breaking-news"].save()

    tasks.record_signup.enqueue(
        email="late@example.org", source="/", language="en", newsletters=EVERY_ENGLISH
    )
    run_tasks()

    assert statuses() == {"daily-briefing": "pending"}


def test_confirming_leads_on_to_the_preferences_page(client, public_newsletters):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    token = tokens.make_confirm_token(subscriber.pk)

    done = client.post(f"/newsletter/confirm/{token}/")

    hrefs = [a["href"] for a in parse(done.content.decode()).all("article a")]
    assert f"/newsletter/preferences/{tokens.make_preferences_token(subscriber.pk)}/" in hrefs
    assert timezone.now() - Subscriber.objects.get().confirmed_at < timedelta(minutes=1)
