"""The view beacon: what counts as a view, what does not, and that nothing answers 500."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, DailyViewCount, RecentVisit
from articles.readership import counting
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile"


def beacon_url(article_id) -> str:
    return reverse("articles:view-beacon", kwargs={"article_id": article_id})


def views_of(article) -> tuple[int, int]:
    """(total on the article, today's daily row)."""
    article.refresh_from_db()
    today = DailyViewCount.objects.filter(article=article, day=timezone.localdate()).first()
    return article.view_count, today.count if today else 0


def reader(address="203.0.113.7", user_agent=BROWSER, **headers) -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address, **headers)


@pytest.fixture(autouse=True)
def _counting_in_the_database(settings):
    """Counts go straight to the database unless a test asks for Redis (`storage`),
    even when the suite runs with REDIS_URL set."""
    settings.REDIS_URL = ""


@pytest.fixture(params=["database", "redis"])
def storage(request, settings):
    """Run a test once with counts going straight to the database, once through Redis
    (flushed before the counts are read)."""
    if request.param == "redis":
        settings.REDIS_URL = request.getfixturevalue("redis_url")
    return request.param


def settle(storage):
    if storage == "redis":
        from articles.readership.services import flush_views

        flush_views()


def test_post_beacon_counts_one_view_and_answers_204():
    article = ArticleFactory()
    response = reader().post(beacon_url(article.pk))
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert views_of(article) == (1, 1)


def test_noscript_pixel_counts_and_answers_a_gif():
    article = ArticleFactory()
    response = reader().get(beacon_url(article.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert views_of(article) == (1, 1)


def test_beacon_needs_no_csrf_token():
    """Cached pages carry no per-reader token, so the beacon must not ask for one."""
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
    assert client.post(beacon_url(article.pk)).status_code == 204
    assert views_of(article) == (1, 1)


def test_counting_leaves_the_article_modified_time_alone():
    """Sitemaps and caches read `modified_at`; a view is not an edit."""
    article = ArticleFactory()
    before = Article.objects.get(pk=article.pk).modified_at
    reader().post(beacon_url(article.pk))
    assert Article.objects.get(pk=article.pk).modified_at == before


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/142.0 Safari/537.36",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "curl/8.5.0",
        "python-requests/2.32.0",
        "",
    ],
)
def test_bots_get_an_answer_but_count_nothing(user_agent, storage):
    article = ArticleFactory()
    assert reader(user_agent=user_agent).post(beacon_url(article.pk)).status_code == 204
    settle(storage)
    assert views_of(article) == (0, 0)


@pytest.mark.parametrize(
    "header", [{"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}]
)
def test_speculative_loads_count_nothing(header):
    article = ArticleFactory()
    assert reader(**header).get(beacon_url(article.pk)).status_code == 200
    assert views_of(article) == (0, 0)


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"publish_at": timezone.now() + timedelta(hours=1)},  # scheduled
    ],
)
def test_articles_readers_cannot_see_answer_404_and_count_nothing(state, storage):
    article = ArticleFactory(**state)
    for method in ("get", "post"):
        assert getattr(reader(), method)(beacon_url(article.pk)).status_code == 404
        bot = reader(user_agent="Googlebot/2.1")
        assert getattr(bot, method)(beacon_url(article.pk)).status_code == 404
    settle(storage)
    assert views_of(article) == (0, 0)


@pytest.mark.parametrize(
    "path",
    [
        "/views/0/",
        "/views/999999/",
        "/views/99999999999999999999999999/",  # beyond a bigint
        "/views/abc/",
        "/views/abc",
        "/views/-1/",
        "/views/1.5/",
    ],
)
def test_junk_beacon_paths_never_500(path, storage):
    ArticleFactory()
    client = reader()
    assert client.post(path).status_code in {301, 404, 405}
    assert client.get(path).status_code in {301, 404}
    settle(storage)
    assert DailyViewCount.objects.count() == 0


def test_other_methods_are_refused():
    article = ArticleFactory()
    client = reader()
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(beacon_url(article.pk)).status_code == 405
    assert views_of(article) == (0, 0)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\x00\xff" * 2_000_000, "application/octet-stream"),  # 4 MB of junk
        (b'{"article": 1, "count": 1000000}', "application/json"),
        (b"view_count=1000000", "application/x-www-form-urlencoded"),
    ],
)
def test_bodies_are_ignored_so_no_payload_can_inflate_a_count(body, content_type):
    article = ArticleFactory()
    response = reader().post(beacon_url(article.pk), data=body, content_type=content_type)
    assert response.status_code == 204
    assert views_of(article) == (1, 1)


def test_one_visitor_reloading_counts_once_in_the_window(storage):
    article = ArticleFactory()
    client = reader()
    for _ in range(5):
        client.post(beacon_url(article.pk))
        client.get(beacon_url(article.pk))
    settle(storage)
    assert views_of(article) == (1, 1)


def test_another_article_browser_or_address_is_another_view(storage):
    article, other = ArticleFactory(), ArticleFactory()
    reader().post(beacon_url(article.pk))
    reader().post(beacon_url(other.pk))
    reader(user_agent=IPHONE).post(beacon_url(article.pk))
    reader(address="198.51.100.20").post(beacon_url(article.pk))
    settle(storage)
    assert views_of(article) == (3, 3)
    assert views_of(other) == (1, 1)


def test_a_window_of_zero_counts_every_load(settings, storage):
    settings.VIEW_DEDUP_WINDOW_SECONDS = 0
    article = ArticleFactory()
    for _ in range(4):
        reader().post(beacon_url(article.pk))
    settle(storage)
    assert views_of(article) == (4, 4)


def test_visitor_ids_reach_back_to_yesterday_only_while_the_window_does(settings):
    settings.VIEW_DEDUP_WINDOW_SECONDS = 1800
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today, yesterday = midnight.date(), midnight.date() - timedelta(days=1)
    who = {"address": "203.0.113.7", "user_agent": BROWSER}

    assert counting.visitor_ids(**who, now=midnight + timedelta(minutes=5)) == (
        counting.visitor_id(**who, day=today),
        counting.visitor_id(**who, day=yesterday),
    )
    assert counting.visitor_ids(**who, now=midnight + timedelta(minutes=31)) == (
        counting.visitor_id(**who, day=today),
        None,
    )
    settings.VIEW_DEDUP_WINDOW_SECONDS = 0
    assert counting.visitor_ids(**who, now=midnight + timedelta(seconds=1))[1] is None


def test_a_reload_just_after_midnight_is_the_same_view(settings, storage):
    """Loaded at 23:50 (yesterday's salt), reloaded at 00:05 (today's): one view."""
    from articles.readership.services import record_view

    settings.VIEW_DEDUP_WINDOW_SECONDS = 1800
    article = ArticleFactory()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    before, _ = counting.visitor_ids(
        address="203.0.113.7", user_agent=BROWSER, now=midnight - timedelta(minutes=10)
    )
    after, earlier = counting.visitor_ids(
        address="203.0.113.7", user_agent=BROWSER, now=midnight + timedelta(minutes=5)
    )
    someone_else, someone_earlier = counting.visitor_ids(
        address="198.51.100.20", user_agent=BROWSER, now=midnight + timedelta(minutes=5)
    )
    assert earlier == before != after

    assert record_view(article_id=article.pk, visitor=before)
    assert not record_view(article_id=article.pk, visitor=after, earlier_visitor=earlier)
    assert not record_view(article_id=article.pk, visitor=after, earlier_visitor=earlier)
    assert record_view(article_id=article.pk, visitor=someone_else, earlier_visitor=someone_earlier)
    settle(storage)
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_the_same_visitor_counts_again_after_the_window():
    article = ArticleFactory()
    reader().post(beacon_url(article.pk))
    RecentVisit.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    reader().post(beacon_url(article.pk))
    reader().post(beacon_url(article.pk))
    assert views_of(article) == (2, 2)


def test_forwarded_for_is_ignored_unless_a_proxy_header_is_trusted(settings):
    article = ArticleFactory()
    for n in range(3):
        reader(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(beacon_url(article.pk))
    assert views_of(article) == (1, 1)

    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for n in range(3):
        reader(HTTP_X_FORWARDED_FOR=f"spoofed, 192.0.2.{n}").post(beacon_url(article.pk))
    assert views_of(article) == (4, 4)


def test_no_raw_address_is_stored():
    article = ArticleFactory()
    reader(address="203.0.113.99").post(beacon_url(article.pk))
    (claim,) = RecentVisit.objects.all()
    assert "203.0.113.99" not in claim.key


def test_visitor_ids_change_every_day():
    day = timezone.localdate()
    same_day = [counting.visitor_id(address="203.0.113.7", user_agent=BROWSER, day=day)] * 2
    next_day = counting.visitor_id(
        address="203.0.113.7", user_agent=BROWSER, day=day + timedelta(days=1)
    )
    assert same_day[0] == counting.visitor_id(address="203.0.113.7", user_agent=BROWSER, day=day)
    assert next_day != same_day[0]
    assert "203.0.113.7" not in same_day[0]


def test_views_are_counted_in_the_database_while_redis_is_down(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    article = ArticleFactory()
    assert reader().post(beacon_url(article.pk)).status_code == 204
    assert reader().post(beacon_url(article.pk)).status_code == 204
    assert reader(user_agent="Googlebot/2.1").post(beacon_url(article.pk)).status_code == 204
    assert reader().post(beacon_url(article.pk + 1)).status_code == 404
    assert views_of(article) == (1, 1)
