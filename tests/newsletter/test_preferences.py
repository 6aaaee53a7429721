"""The preferences page: one address, every newsletter, each joined, paused, resumed or
left from the signed link in our e-mails, with no account."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from newsletter import issues, preferences, tokens
from newsletter.models import Delivery, Newsletter, Subscriber
from tests.factories import SubscriberFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ADDRESS = "marion@example.org"


def preferences_path(subscriber, *, prefix="") -> str:
    return f"{prefix}/newsletter/preferences/{tokens.make_preferences_token(subscriber.pk)}/"


def states(html: str) -> dict[str, str]:
    """Each newsletter on the page (its slug) and the state it shows."""
    return {
        fieldset["data-newsletter"]: fieldset.one(".preferences__state")["data-state"]
        for fieldset in parse(html).all("fieldset.preferences__newsletter")
    }


def chosen(html: str) -> dict[str, str]:
    """What the form would send as it stands: each newsletter's checked option."""
    return {
        radio["name"]: radio["value"] for radio in parse(html).all("input[type=radio][checked]")
    }


def choose(client, path: str, **changes: str):
    """Change some newsletters' options on the page and press Save, as a reader does."""
    choices = chosen(client.get(path).content.decode())
    return client.post(path, {**choices, **changes})


@pytest.fixture
def reader(public_newsletters) -> Subscriber:
    """A reader who left the Daily Briefing: the link in an old e-mail still leads to
    the page, where every newsletter is theirs to choose."""
    return SubscriberFactory(
        email=ADDRESS,
        newsletter=public_newsletters["daily-briefing"],
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
    )


def own_subscription(newsletter: Newsletter) -> Subscriber:
    return Subscriber.objects.get(newsletter=newsletter, email=ADDRESS)


def deliveries_of_next_issue(newsletter: Newsletter) -> set[str]:
    issue = issues.create_issue(plan=issues.plan_issue(newsletter=newsletter))
    return set(Delivery.objects.filter(issue=issue).values_list("subscriber__email", flat=True))


@pytest.mark.parametrize(
    "slug", ["daily-briefing", "breaking-news", "daily-briefing-my", "breaking-news-my"]
)
def test_join_pause_resume_and_leave_each_newsletter(
    client, smtp_server, public_newsletters, reader, slug
):
    newsletter = public_newsletters[slug]
    SubscriberFactory(email="other@example.org", newsletter=newsletter)  # gets every issue
    path = preferences_path(reader)
    assert states(client.get(path).content.decode())[slug] == "not-subscribed"

    joined = choose(client, path, **{slug: "receive"})
    assert joined.status_code == 200
    assert "Your choices are saved." in joined.content.decode()
    assert states(joined.content.decode())[slug] == "receiving"
    subscription = own_subscription(newsletter)
    assert subscription.status == Subscriber.Status.CONFIRMED
    assert subscription in Subscriber.objects.receiving()
    assert smtp_server.received == []  # joined at once: the link proved the mailbox

    paused = choose(client, path, **{slug: "pause-week"})
    assert states(paused.content.decode())[slug] == "paused"
    in_a_week = date_format(timezone.localtime() + timedelta(days=7), "DATE_FORMAT")
    state = parse(paused.content.decode()).one(f"[data-newsletter={slug}] .preferences__state")
    assert state.text == f"Paused until {in_a_week}."
    assert own_subscription(newsletter) not in Subscriber.objects.receiving()
    assert deliveries_of_next_issue(newsletter) == {"other@example.org"}

    resumed = choose(client, path, **{slug: "receive"})
    assert states(resumed.content.decode())[slug] == "receiving"
    subscription = own_subscription(newsletter)
    assert (subscription.paused_at, subscription.resume_at) == (None, None)
    assert subscription in Subscriber.objects.receiving()

    left = choose(client, path, **{slug: "leave"})
    assert states(left.content.decode())[slug] == "not-subscribed"
    subscription = own_subscription(newsletter)
    assert subscription.status == Subscriber.Status.UNSUBSCRIBED
    assert subscription.unsubscribed_at is not None
    # Only that newsletter changed each time.
    others = {n: state for n, state in states(left.content.decode()).items() if n != slug}
    assert set(others.values()) == {"not-subscribed"}


def test_the_page_shows_each_state_and_only_part_of_the_address(client, public_newsletters):
    now = timezone.now()
    receiving = SubscriberFactory(email=ADDRESS, newsletter=public_newsletters["daily-briefing"])
    SubscriberFactory(
        email=ADDRESS.upper(),  # the same address, whatever its case
        newsletter=public_newsletters["breaking-news"],
        status=Subscriber.Status.PENDING,
    )
    SubscriberFactory(
        email=ADDRESS,
        newsletter=public_newsletters["daily-briefing-my"],
        paused_at=now,
        resume_at=now + timedelta(days=3),
    )
    SubscriberFactory(
        email=ADDRESS, newsletter=public_newsletters["breaking-news-my"], paused_at=now
    )
    SubscriberFactory(email="someone-else@example.org")

    response = client.get(preferences_path(receiving))

    html = response.content.decode()
    assert response.status_code == 200
    assert states(html) == {
        "daily-briefing": "receiving",
        "breaking-news": "pending",
        "daily-briefing-my": "paused",
        "breaking-news-my": "paused",
    }
    page = parse(html)
    assert page.one("[data-newsletter=breaking-news-my] .preferences__state").text == (
        "Paused until you resume it."
    )
    three_days = date_format(timezone.localtime(now + timedelta(days=3)), "DATE_FORMAT")
    assert page.one("[data-newsletter=daily-briefing-my] .preferences__state").text == (
        f"Paused until {three_days}."
    )
    assert "ma•••@example.org" in html and ADDRESS not in html
    # The other edition's newsletters, under their heading and in their own language.
    assert page.one("h2.preferences__edition").text == "Newsletters in Burmese"
    assert page.one("[data-newsletter=daily-briefing-my] legend")["lang"] == "my"
    # Nothing a reader leaves as it is changes: a pause with an end and a subscription
    # awaiting confirmation are preselected as "No change".
    assert chosen(html) == {
        "daily-briefing": "receive",
        "breaking-news": "keep",
        "daily-briefing-my": "keep",
        "breaking-news-my": "pause",
    }
    before = list(Subscriber.objects.order_by("pk").values())
    assert client.post(preferences_path(receiving), chosen(html)).status_code == 200
    assert list(Subscriber.objects.order_by("pk").values()) == before


def test_the_burmese_page_reads_in_burmese_its_edition_first(client, public_newsletters):
    subscriber = SubscriberFactory(
        email=ADDRESS,
        newsletter=public_newsletters["daily-briefing-my"],
        paused_at=timezone.now(),
        resume_at=timezone.now() + timedelta(days=12),
    )

    html = client.get(preferences_path(subscriber, prefix="/my")).content.decode()

    page = parse(html)
    assert page.one("html")["lang"] == "my"
    assert page.one("h1").text == "သင့်သတင်းလွှာများ"  # "Your newsletters"
    assert list(states(html)) == [
        "daily-briefing-my",
        "breaking-news-my",
        "daily-briefing",
        "breaking-news",
    ]
    assert page.one("h2.preferences__edition").text == "အင်္ဂလိပ်ဘာသာ သတင်းလွှာများ"
    paused = page.one("[data-newsletter=daily-briefing-my] .preferences__state").text
    assert paused.endswith("အထိ ခေတ္တရပ်ထားပါသည်။") and not any(
        c.isascii() and c.isdigit() for c in paused
    )
    assert "ရွေးချယ်မှုများကို သိမ်းရန်" in page.one("form.preferences button").text  # Save
    assert page.one("[data-newsletter=daily-briefing] legend")["lang"] == "en"


def test_saving_in_burmese_says_so_in_burmese(client, public_newsletters, reader):
    path = preferences_path(reader, prefix="/my")

    response = choose(client, path, **{"breaking-news-my": "receive"})

    assert "သင်၏ ရွေးချယ်မှုများကို သိမ်းဆည်းပြီးပါပြီ။" in response.content.decode()
    assert own_subscription(public_newsletters["breaking-news-my"]).status == "confirmed"


@pytest.mark.parametrize("status", [Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED])
def test_a_stopped_subscription_the_reader_asks_for_again_is_confirmed(
    client, public_newsletters, status
):
    subscriber = SubscriberFactory(
        email=ADDRESS, newsletter=public_newsletters["breaking-news"], status=status
    )
    path = preferences_path(subscriber)
    assert states(client.get(path).content.decode())["breaking-news"] == "not-subscribed"

    choose(client, path, **{"breaking-news": "receive"})

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber in Subscriber.objects.receiving()


def test_receiving_one_awaiting_confirmation_confirms_it(client, public_newsletters):
    pending = SubscriberFactory(
        email=ADDRESS, newsletter=public_newsletters["daily-briefing"], status="pending"
    )

    choose(client, preferences_path(pending), **{"daily-briefing": "receive"})

    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.CONFIRMED and pending.confirmed_at is not None


def test_pausing_again_keeps_when_the_pause_began_and_sets_its_new_end(client, public_newsletters):
    began = timezone.now() - timedelta(days=2)
    subscriber = SubscriberFactory(
        email=ADDRESS,
        newsletter=public_newsletters["daily-briefing"],
        paused_at=began,
        resume_at=began + timedelta(days=7),
    )

    choose(client, preferences_path(subscriber), **{"daily-briefing": "pause-month"})

    subscriber.refresh_from_db()
    assert subscriber.paused_at == began
    assert subscriber.resume_at - timezone.now() > timedelta(days=29)

    choose(client, preferences_path(subscriber), **{"daily-briefing": "pause"})
    subscriber.refresh_from_db()
    assert (subscriber.paused_at, subscriber.resume_at) == (began, None)


def test_a_newsletter_not_offered_shows_only_while_the_address_gets_it(client, public_newsletters):
    staff_list = Newsletter.objects.create(name="Staff digest", slug="staff", is_public=False)
    Newsletter.objects.create(name="Hidden list", slug="hidden", is_public=False)
    subscriber = SubscriberFactory(email=ADDRESS, newsletter=staff_list)
    path = preferences_path(subscriber)
    assert "staff" in states(client.get(path).content.decode())
    assert "hidden" not in states(client.get(path).content.decode())

    left = choose(client, path, staff="leave")

    assert "staff" not in states(left.content.decode())
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize(
    "changes",
    [
        {"daily-briefing": "sell-my-address"},
        {"daily-briefing": ""},
        {"breaking-news": "keep"},  # "No change" is not offered for a list it is not on
    ],
    ids=["unknown-option", "empty", "option-not-offered"],
)
def test_a_tampered_form_is_refused_with_a_message_and_nothing_is_saved(
    client, public_newsletters, reader, changes
):
    path = preferences_path(reader)
    choices = {**chosen(client.get(path).content.decode()), "daily-briefing-my": "receive"}

    response = client.post(path, {**choices, **changes})

    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing has changed" in parse(html).one("[role=alert]").text
    assert "Your choices are saved." not in html
    assert not Subscriber.objects.exclude(pk=reader.pk).exists()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    # What the reader chose is still chosen on the page, to save again.
    assert chosen(html)["daily-briefing-my"] == "receive"


def test_a_missing_choice_is_refused_and_nothing_is_saved(client, public_newsletters, reader):
    path = preferences_path(reader)
    choices = chosen(client.get(path).content.decode())
    del choices["breaking-news"]

    response = client.post(path, {**choices, "daily-briefing": "receive"})

    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "make_token",
    [
        lambda pk: tokens.make_preferences_token(pk) + "x",
        lambda pk: tokens.make_preferences_token(pk + 1).split(":")[0] + ":" + "A" * 43,
        lambda pk: tokens.make_unsubscribe_token(pk),
        lambda pk: tokens.make_confirm_token(pk),
        lambda pk: signing.Signer(salt=tokens.PREFERENCES_SALT, key="another-key").sign(str(pk)),
        lambda pk: "not-a-token",
        lambda pk: signing.Signer(salt=tokens.PREFERENCES_SALT).sign("drop table"),
    ],
    ids=[
        "appended",
        "forged-signature",
        "unsubscribe-token",
        "confirm-token",
        "foreign-key",
        "junk",
        "not-an-id",
    ],
)
def test_tampered_or_other_tokens_are_refused_and_change_nothing(
    client, public_newsletters, method, make_token
):
    subscriber = SubscriberFactory(email=ADDRESS)
    path = f"/newsletter/preferences/{make_token(subscriber.pk)}/"

    response = getattr(client, method)(path, {"daily-briefing": "leave"})

    assert response.status_code == 400
    assert b"not valid" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_link_of_a_deleted_subscriber_is_404(client, public_newsletters):
    subscriber = SubscriberFactory(email=ADDRESS)
    path = preferences_path(subscriber)
    subscriber.delete()

    response = client.get(path)

    assert response.status_code == 404
    assert b"no subscription for this link" in response.content


def test_the_page_is_never_cached_and_posts_without_a_csrf_token(client, public_newsletters):
    subscriber = SubscriberFactory(email=ADDRESS)
    path = preferences_path(subscriber)

    page = client.get(path)
    assert "no-cache" in page["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in page.content
    assert '<meta name="robots" content="noindex">' in page.content.decode()

    # The reader's mail app opened the link in a browser without our cookies.
    saved = Client(enforce_csrf_checks=True).post(path, {**chosen(page.content.decode())})
    assert saved.status_code == 200


def test_the_unsubscribe_page_leads_to_the_same_addresses_preferences(client, public_newsletters):
    subscriber = SubscriberFactory(email=ADDRESS)
    SubscriberFactory(email=ADDRESS, newsletter=public_newsletters["breaking-news"])

    done = client.post(f"/newsletter/unsubscribe/{tokens.make_unsubscribe_token(subscriber.pk)}/")

    [link] = [
        a
        for a in parse(done.content.decode()).all("article a")
        if a["href"].startswith("/newsletter/preferences/")
    ]
    assert link.text == "Change which newsletters you get"
    assert states(client.get(link["href"]).content.decode()) == {
        "daily-briefing": "not-subscribed",
        "breaking-news": "receiving",
        "daily-briefing-my": "not-subscribed",
        "breaking-news-my": "not-subscribed",
    }


def test_the_preferences_page_runs_a_fixed_number_of_queries(
    client, public_newsletters, django_assert_max_num_queries
):
    """Guards against a query per newsletter or per subscription on the page."""
    subscriber = SubscriberFactory(email=ADDRESS)
    for slug in ("breaking-news", "daily-briefing-my", "breaking-news-my"):
        SubscriberFactory(email=ADDRESS, newsletter=public_newsletters[slug])
    for n in range(5):
        Newsletter.objects.create(name=f"Weekly {n}", slug=f"weekly-{n}", cadence="weekly")
    path = preferences_path(subscriber)

    # The subscriber, its address's subscriptions, the newsletters; the section tree
    # and the footer's static pages (cold cache).
    with django_assert_max_num_queries(5):
        page = client.get(path)
    assert len(states(page.content.decode())) == 9


@pytest.mark.django_db(transaction=True)
def test_joining_while_a_sign_up_stores_the_same_address_confirms_the_one_row(
    postgres_only, public_newsletters
):
    """The reader saves "receive" while the sign-up worker is inserting the same
    address on the same newsletter: the save waits for that insert, then confirms its
    row instead of failing on the unique address."""
    alerts = public_newsletters["breaking-news"]
    reader = SubscriberFactory(email=ADDRESS)
    signup = connections.create_connection("default")
    outcome = {}

    def save():
        try:
            preferences.save_choices(email=ADDRESS, choices={alerts: "receive"})
            outcome["saved"] = True
        except Exception as error:  # reported by the assertion below
            outcome["error"] = error
        finally:
            connection.close()

    try:
        signup.set_autocommit(False)
        with signup.cursor() as cursor:
            cursor.execute(
                "INSERT INTO newsletter_subscriber (newsletter_id, email, status, source,"
                " created_at) VALUES (%s, %s, 'pending', '', now())",
                [alerts.pk, ADDRESS],
            )
        saver = threading.Thread(target=save)
        saver.start()
        wait_for_a_lock_wait()
        signup.commit()
        saver.join(timeout=10)
    finally:
        signup.rollback()
        signup.close()

    assert outcome == {"saved": True}
    [subscription] = Subscriber.objects.filter(newsletter=alerts)
    assert subscription.status == Subscriber.Status.CONFIRMED
    assert reader.email == subscription.email


def wait_for_a_lock_wait(timeout: float = 10) -> None:
    """Until a session of this database waits on a lock (the insert of the same row)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the save never waited for the sign-up's insert")
