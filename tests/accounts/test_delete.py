"""A reader deletes their account after confirming with their password."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from accounts.models import ReaderProfile
from tests.accounts.conftest import PASSWORD, sign_in
from tests.html import parse

pytestmark = pytest.mark.django_db

WORDING = (
    "Deleting your account deletes your comments. Where other readers replied to one, an "
    "empty 'comment removed' marker stays in its place so their replies still make sense; "
    "your name and words are gone."
)


def test_the_page_says_what_happens_and_asks_for_the_password(client, reader):
    sign_in(client, reader.email)
    page = parse(client.get("/accounts/delete/").content.decode())
    assert WORDING in page.one("main").text
    assert page.one("form[action='/accounts/delete/'] input[type=password]")


def test_a_wrong_password_deletes_nothing(client, reader):
    sign_in(client, reader.email)
    answer = client.post("/accounts/delete/", {"password": "not mine"})
    assert answer.status_code == 200
    assert parse(answer.content.decode()).one("#id_password_error").text == (
        "That is not your password."
    )
    assert User.objects.filter(pk=reader.user.pk).exists()
    assert client.get("/accounts/profile/").status_code == 200


def test_the_right_password_deletes_the_user_and_signs_out(client, reader):
    sign_in(client, reader.email)
    answer = client.post("/accounts/delete/", {"password": PASSWORD})
    assert answer["Location"] == "/accounts/delete/done/"
    assert not User.objects.filter(pk=reader.user.pk).exists()
    assert not ReaderProfile.objects.exists()
    assert answer.cookies[settings.SESSION_COOKIE_NAME].value == ""
    done = parse(client.get(answer["Location"]).content.decode())
    assert "Your account is deleted and you are signed out." in done.one("main").text
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert sign_in(client, reader.email).status_code == 200


def test_password_guesses_on_the_delete_page_are_throttled(client, reader):
    """They count towards the sign-in page's failed-login limit."""
    sign_in(client, reader.email)
    for _attempt in range(5):
        client.post("/accounts/delete/", {"password": "a guess"})
    answer = client.post("/accounts/delete/", {"password": PASSWORD})
    assert "Too many failed login attempts" in answer.content.decode()
    assert User.objects.filter(pk=reader.user.pk).exists()
