"""Login throttling (django-axes): a username is locked from one address after
AXES_FAILURE_LIMIT failed logins, with a 429 page that says so, and can be unlocked."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.html import parse
from tests.newsroom.staff.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username, times, **extra):
    return [log_in(client, username, "wrong", **extra).status_code for _ in range(times)]


def test_failed_logins_below_the_limit_keep_the_login_form(client, make_staff):
    make_staff("thida")
    assert fail(client, "thida", 2) == [200, 200]
    assert log_in(client, "thida").status_code == 302


def test_the_limit_locks_the_username_with_a_429_page(client, make_staff):
    make_staff("thida")
    assert fail(client, "thida", 3) == [200, 200, 429]
    response = log_in(client, "thida")  # the right password no longer helps
    assert response.status_code == 429
    page = response.content.decode()
    assert parse(page).one("h1").text == "Too many failed logins"
    assert "after 3 failed logins" in page
    assert "Try again in 30 minutes" in page


def test_a_lock_is_for_one_username_from_one_address(client, make_staff):
    make_staff("thida")
    make_staff("kyaw")
    fail(client, "thida", 3)
    assert log_in(client, "kyaw").status_code == 302
    assert log_in(client, "thida", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_addresses_come_from_the_trusted_proxy_header(client, make_staff, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    make_staff("thida")
    fail(client, "thida", 3, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(client, "thida", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert log_in(client, "thida", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


def test_axes_reset_username_unlocks(client, make_staff):
    make_staff("thida")
    fail(client, "thida", 3)
    call_command("axes_reset_username", "thida", stdout=StringIO())
    assert log_in(client, "thida").status_code == 302


def test_wrong_authentication_codes_count_as_failed_logins(client, authenticator):
    results = [log_in(client, "thida", code="000000").status_code for _ in range(3)]
    assert results == [200, 200, 429]
