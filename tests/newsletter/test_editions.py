"""A newsletter per edition: each digest carries its own edition's stories, and each
e-mail, link and sign-up page is in its newsletter's language and edition."""

import datetime
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article
from newsletter import issues, subscriptions
from newsletter.models import Issue, Newsletter, Subscriber
from newsletter.tokens import make_confirm_token, make_unsubscribe_token
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def burmese_briefing(db) -> Newsletter:
    """The Burmese edition's default newsletter (the data migration's, or made again)."""
    return subscriptions.default_newsletter("my")


@pytest.fixture
def stories(db):
    section = SectionFactory(name="News", slug="news")
    return {
        "english": ArticleFactory(headline="Floods in Sagaing", primary_section=section),
        "burmese": ArticleFactory(
            headline="စစ်ကိုင်းတွင် ရေကြီး",
            standfirst="ရွာများ ပြတ်တောက်",
            language="my",
            primary_section=section,
        ),
        "burmese_draft": ArticleFactory(
            headline="မူကြမ်း", language="my", status=Article.Status.DRAFT, primary_section=section
        ),
        "burmese_scheduled": ArticleFactory(
            headline="နောက်မှ",
            language="my",
            publish_at=timezone.now() + timedelta(hours=2),
            primary_section=section,
        ),
    }


def send_newsletter(*args) -> str:
    out = StringIO()
    call_command("send_newsletter", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_data_migration_makes_a_burmese_daily_briefing(db):
    newsletter = Newsletter.objects.get(slug="daily-briefing-my")
    assert newsletter.language == "my"
    assert newsletter.cadence == Newsletter.Cadence.DAILY
    assert subscriptions.default_newsletter("my") == newsletter
    assert subscriptions.default_newsletter().language == "en"


def test_each_digest_carries_only_its_editions_published_stories(
    briefing, burmese_briefing, stories
):
    burmese_plan = issues.plan_issue(newsletter=burmese_briefing)
    english_plan = issues.plan_issue(newsletter=briefing)

    assert burmese_plan.articles == [stories["burmese"]]
    assert english_plan.articles == [stories["english"]]


def test_the_burmese_digest_is_mailed_in_burmese_with_links_into_the_burmese_edition(
    smtp_server, site_url, burmese_briefing, stories
):
    SubscriberFactory(email="reader@example.org", newsletter=burmese_briefing)

    output = send_newsletter("--newsletter", burmese_briefing.slug)

    assert "Sent 1, failed 0" in output
    [mail] = smtp_server.received
    issue = Issue.objects.get(newsletter=burmese_briefing)
    assert mail.message["Subject"].strip() == issue.subject  # (folded: a long header)
    assert issue.subject.startswith(burmese_briefing.name)
    story_url = f"https://news.example/my/news/{stories['burmese'].slug}/"
    unsubscribe = mail.message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://news.example/my/newsletter/unsubscribe/")
    for body in (mail.text, mail.html):
        assert "စစ်ကိုင်းတွင် ရေကြီး" in body and story_url in body
        assert unsubscribe in body
        assert "Floods in Sagaing" not in body and "မူကြမ်း" not in body
    assert '<html lang="my">' in mail.html
    assert 'href="https://news.example/my/"' in mail.html
    # The unsubscribe link works where it points.
    assert Client().post(unsubscribe.removeprefix("https://news.example")).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_the_english_digest_stays_in_english(smtp_server, site_url, briefing, stories):
    SubscriberFactory(email="reader@example.org")

    send_newsletter()

    [mail] = smtp_server.received
    assert '<html lang="en">' in mail.html
    assert "Floods in Sagaing" in mail.text and "စစ်ကိုင်း" not in mail.text
    assert re.search(r"https://news\.example/newsletter/unsubscribe/\S+", mail.text)


@pytest.fixture
def due_all_day(briefing, burmese_briefing):
    """Both digests due from midnight, so the timer's `--all` sends them whenever the
    test runs (newsletter/schedule.py)."""
    Newsletter.objects.filter(pk__in=[briefing.pk, burmese_briefing.pk]).update(
        send_time=datetime.time(0, 0)
    )


def test_all_sends_every_editions_newsletter(
    smtp_server, briefing, burmese_briefing, stories, due_all_day
):
    SubscriberFactory(email="english@example.org")
    SubscriberFactory(email="burmese@example.org", newsletter=burmese_briefing)

    output = send_newsletter("--all")

    assert output.count("Sent 1, failed 0") == 2
    assert sorted(smtp_server.recipients) == ["burmese@example.org", "english@example.org"]
    assert "went out already" in send_newsletter("--all")
    assert len(smtp_server.received) == 2


def test_all_goes_on_past_a_newsletter_that_fails_and_then_fails(
    smtp_server, briefing, burmese_briefing, stories, due_all_day
):
    SubscriberFactory(email="english@example.org")
    SubscriberFactory(email="burmese@example.org", newsletter=burmese_briefing)

    def server_going_away_for_english_only(address):
        smtp_server.fail_after = 0 if address == "english@example.org" else None

    smtp_server.on_recipient = server_going_away_for_english_only

    with pytest.raises(CommandError, match=f"Not every newsletter went out: {briefing.slug}\\."):
        send_newsletter("--all")
    assert smtp_server.recipients == ["burmese@example.org"]


def test_all_and_one_newsletter_cannot_be_asked_together(briefing):
    with pytest.raises(CommandError, match="not both"):
        send_newsletter("--all", "--newsletter", briefing.slug)


# --- Signing up on each edition ------------------------------------------------------


def actions(html: str) -> set[str]:
    """Where the page's sign-up boxes post."""
    return {form["action"] for form in parse(html).all("form.newsletter-signup")}


def offered(html: str) -> list[str]:
    """The newsletters the page's sign-up form offers (their slugs), in order."""
    return [box["value"] for box in parse(html).all("form.newsletter-signup input[type=checkbox]")]


def test_each_editions_newsletter_page_offers_its_own_newsletters(
    client, briefing, burmese_briefing, public_newsletters
):
    burmese_page = client.get("/my/newsletter/").content.decode()
    english_page = client.get("/newsletter/").content.decode()

    assert actions(burmese_page) == {"/my/newsletter/"}
    assert offered(burmese_page) == [burmese_briefing.slug, "breaking-news-my"]
    assert burmese_briefing.name in burmese_page and "Daily Briefing" not in burmese_page
    assert actions(english_page) == {"/newsletter/"}
    assert offered(english_page) == [briefing.slug, "breaking-news"]


def test_the_box_on_a_burmese_page_posts_to_the_burmese_newsletter(client, stories):
    html = client.get(stories["burmese"].get_absolute_url()).content.decode()

    assert actions(html) == {"/my/newsletter/"}


def test_a_burmese_sign_up_joins_the_burmese_briefing_and_is_confirmed_in_its_edition(
    run_tasks, client, smtp_server, signup_headers, site_url, burmese_briefing
):
    response = client.post(
        "/my/newsletter/", {"email": "reader@example.org", "source": "/my/"}, headers=signup_headers
    )
    run_tasks()

    assert response.status_code == 302
    assert response["Location"] == "/my/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.newsletter.language == "my"
    [mail] = smtp_server.received
    assert subscriber.newsletter.name in mail.message["Subject"]
    [confirm] = mail.links(r"https://news\.example/my/newsletter/confirm/\S+/")
    assert confirm in mail.html
    assert '<html lang="my">' in mail.html
    assert (
        mail.message["List-Unsubscribe"]
        .strip()
        .startswith("<https://news.example/my/newsletter/unsubscribe/")
    )
    assert client.post(confirm.removeprefix("https://news.example")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("prefix", ["", "/my"])
def test_confirm_and_unsubscribe_links_work_from_either_edition(client, burmese_briefing, prefix):
    subscriber = SubscriberFactory(newsletter=burmese_briefing, status=Subscriber.Status.PENDING)

    confirmed = client.post(f"{prefix}/newsletter/confirm/{make_confirm_token(subscriber.pk)}/")
    assert confirmed.status_code == 200
    left = client.post(f"{prefix}/newsletter/unsubscribe/{make_unsubscribe_token(subscriber.pk)}/")
    assert left.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_newsletter_page_offers_each_public_newsletter_its_default_ticked(
    run_tasks, client, smtp_server, signup_headers, burmese_briefing
):
    weekly = Newsletter.objects.create(
        name="အပတ်စဉ် သုံးသပ်ချက်", slug="weekly-my", language="my", cadence="weekly"
    )
    Newsletter.objects.create(name="စမ်းသပ်", slug="staff-only-my", language="my", is_public=False)
    page = parse(client.get("/my/newsletter/").content.decode())
    choices = [box["value"] for box in page.all("form.newsletter-signup input[type=checkbox]")]
    assert choices[0] == burmese_briefing.slug and weekly.slug in choices
    assert "staff-only-my" not in choices
    assert [box["value"] for box in page.all("input[type=checkbox][checked]")] == [
        burmese_briefing.slug
    ]

    client.post(
        "/my/newsletter/",
        {"email": "reader@example.org", "newsletter": weekly.slug, "choosing": "1"},
        headers=signup_headers,
    )
    run_tasks()

    assert Subscriber.objects.get().newsletter == weekly


@pytest.mark.parametrize(
    "posted", ["daily-briefing", "no-such-letter", "<script>", "staff-only-my"]
)
def test_a_newsletter_of_another_edition_or_none_is_refused_clearly(
    client, signup_headers, briefing, burmese_briefing, posted
):
    Newsletter.objects.create(name="စမ်းသပ်", slug="staff-only-my", language="my", is_public=False)
    response = client.post(
        "/my/newsletter/",
        {"email": "reader@example.org", "newsletter": posted},
        headers=signup_headers,
    )

    assert response.status_code == 400
    # In the Burmese edition's words: "Please choose one of our newsletters."
    assert "ကျွန်ုပ်တို့၏ သတင်းလွှာများထဲမှ တစ်ခုကို ရွေးချယ်ပါ။" in response.content.decode()
    assert 'value="reader@example.org"' in response.content.decode()  # kept, not retyped
    assert not Subscriber.objects.exists()


def test_the_newsletter_admin_shows_and_filters_the_language(
    admin_client, briefing, burmese_briefing
):
    response = admin_client.get("/admin/newsletter/newsletter/", {"language__exact": "my"})

    # The Burmese edition's briefing and its breaking news alerts (migration 0008).
    listed = {newsletter.slug for newsletter in response.context["cl"].result_list}
    assert listed == {burmese_briefing.slug, "breaking-news-my"}
