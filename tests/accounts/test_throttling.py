"""Repeated failed sign-ins are throttled, in whichever cache the site counts in."""

import pytest
import redis
from axes.models import AccessAttempt

from tests.accounts.conftest import page_without_tokens, sign_in
from tests.html import parse

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(params=["local memory", "redis"])
def counting_cache(request, settings):
    """allauth counts in the default cache: local memory in development, Redis in
    production (REDIS_URL). Yields a function listing the keys counted in Redis."""
    if request.param == "local memory":
        yield None
        return
    url = request.getfixturevalue("redis_url")
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
    }
    yield redis.Redis.from_url(url)


def test_failed_sign_ins_are_throttled_per_account_with_a_clear_message(
    client, reader, counting_cache
):
    for _attempt in range(5):
        answer = sign_in(client, reader.email, "a wrong guess")
        assert TOO_MANY not in answer.content.decode()
    throttled = sign_in(client, reader.email, "a wrong guess")
    assert throttled.status_code == 200
    assert parse(throttled.content.decode()).one(".form-alert").text == TOO_MANY
    # Even the right password waits now: guessing cannot go on.
    assert parse(sign_in(client, reader.email).content.decode()).one(".form-alert").text == (
        TOO_MANY
    )
    assert "_auth_user_id" not in client.session
    if counting_cache is not None:
        assert counting_cache.keys("*allauth*")


def test_an_unknown_address_is_throttled_alike(client, reader):
    """The throttle must not tell known addresses apart either (each address tried
    from a client address of its own, so that only the per-account limit counts)."""
    pages = []
    for email, address in ((reader.email, "192.0.2.1"), ("nobody@example.org", "192.0.2.2")):
        for _attempt in range(5):
            sign_in(client, email, "a wrong guess", REMOTE_ADDR=address)
        throttled = sign_in(client, email, "a wrong guess", REMOTE_ADDR=address)
        pages.append(page_without_tokens(throttled, email))
    assert TOO_MANY in pages[0]
    assert pages[0] == pages[1]


def test_readers_failures_never_lock_anyone_out_as_staff_logins_do(client, reader):
    """Five failures by others behind one address (a carrier's shared address) leave a
    reader there free to sign in: the admin's lockout (django-axes) counts admin logins
    only."""
    for number in range(6):
        sign_in(client, f"someone{number}@example.org", "a wrong guess")
    assert not AccessAttempt.objects.exists()
    answer = sign_in(client, reader.email)
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(reader.user.pk)


def test_sign_ups_over_the_limit_get_the_sites_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    answers = [
        client.post("/accounts/signup/", {"display_name": "K", "email": f"k{n}@example.org"})
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    page = parse(answers[-1].content.decode())
    assert page.one("header.site-header")
    assert page.one("main h1").text == "Too many attempts"


def test_reset_requests_for_one_address_are_limited_known_or_not(client, reader):
    for email in (reader.email, "nobody@example.org"):
        statuses = [
            client.post("/accounts/password/reset/", {"email": email}).status_code
            for _attempt in range(6)
        ]
        assert statuses == [302] * 5 + [429]
