"""One client-address rule (`newsroom.clients`) for the sign-up rate limit and view
counting: the same proxied or forged headers make the same client for both."""

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string

from newsroom.clients import client_address
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0"
PROXY = "10.0.0.2"  # our reverse proxy, the only peer the app server sees


@pytest.fixture
def behind_one_proxy(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REDIS_URL = ""  # view counts straight to the database
    caches["ratelimit"].clear()  # Redis counters outlive a test


def address_of(forwarded_for: str | None = None) -> str:
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers))


def test_without_a_trusted_header_the_peer_is_the_client(settings):
    settings.CLIENT_IP_HEADER = ""
    assert address_of("198.51.100.1") == PROXY


@pytest.mark.parametrize(
    ("forwarded_for", "proxies", "expected"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        ("198.51.100.1, 203.0.113.5", 1, "203.0.113.5"),  # the client forged the first
        ("198.51.100.1, 203.0.113.5, 10.0.0.9", 2, "203.0.113.5"),  # two proxies of ours
        ("203.0.113.5", 2, PROXY),  # shorter than our chain: it bypassed a proxy
        ("not an address", 1, PROXY),
        (None, 1, PROXY),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_the_trusted_hop_counted_from_the_right(settings, forwarded_for, proxies, expected):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = proxies
    assert address_of(forwarded_for) == expected


def test_the_rate_limit_asks_the_same_rule(settings):
    assert import_string(settings.RATELIMIT_IP_META_KEY) is client_address


def sign_up(email: str, forwarded_for: str) -> int:
    return (
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
        .post("/newsletter/", {"email": email}, headers={"Origin": "http://testserver"})
        .status_code
    )


def view(article, forwarded_for: str) -> None:
    Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for, HTTP_USER_AGENT=BROWSER).post(
        reverse("articles:view-beacon", kwargs={"article_id": article.pk})
    )


def test_rate_limit_and_view_counts_tell_the_same_clients_apart(behind_one_proxy, settings):
    """Three requests whose forged first hops differ but whose proxy-written hop is the
    same are one client to both: the third sign-up is refused, and they count one view.
    A request forging that address, as seen by the proxy from elsewhere, is another."""
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    same_client = [f"192.0.2.{n}, 203.0.113.5" for n in range(3)]
    other_client = "203.0.113.5, 198.51.100.9"
    article = ArticleFactory()

    statuses = [sign_up(f"reader{n}@example.org", xff) for n, xff in enumerate(same_client)]
    statuses.append(sign_up("other@example.org", other_client))
    for forwarded_for in [*same_client, other_client]:
        view(article, forwarded_for)

    assert statuses == [302, 302, 429, 302]
    article.refresh_from_db()
    assert article.view_count == 2
