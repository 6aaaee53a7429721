"""The signed-in reader is found without touching anonymous readers' sessions."""

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from accounts.models import ReaderProfile
from accounts.readers import signed_in_reader

pytestmark = pytest.mark.django_db


class Untouchable:
    def __getattr__(self, name):
        pytest.fail(f"an anonymous reader's session or user was read ({name})")


def test_an_anonymous_reader_is_known_without_reading_the_session():
    request = RequestFactory().get("/")
    request.session = request.user = Untouchable()
    assert signed_in_reader(request) is None


def test_a_signed_in_reader_is_found_and_staff_are_not(client, settings):
    user = User.objects.create_user("r", "r@example.org", "a long passphrase")
    profile = ReaderProfile.objects.create(user=user, display_name="Ma Ei")
    staff = User.objects.create_user("s", "s@example.org", "a long passphrase", is_staff=True)
    for account, expected in [(user, profile), (staff, None)]:
        client.force_login(account)
        request = RequestFactory().get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x")
        request.user = account
        assert signed_in_reader(request) == expected
