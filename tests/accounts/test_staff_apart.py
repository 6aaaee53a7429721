"""Readers and staff are kept apart: readers never become staff nor reach the admin,
and staff accounts are strangers to the readers' pages."""

import pytest
from allauth.account.forms import default_token_generator as allauth_default_tokens
from axes.models import AccessLog
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.http import int_to_base36

from accounts.tokens import ReaderPasswordResetTokenGenerator
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

READER_PAGES = ["/accounts/profile/", "/accounts/delete/", "/accounts/password/change/",
                "/accounts/email/"]  # fmt: skip


def test_a_sign_up_never_makes_staff(client):
    client.post(
        "/accounts/signup/",
        {"display_name": "Ko Ko", "email": "k@example.org", "password1": PASSWORD,
         "password2": PASSWORD, "is_staff": "on", "is_superuser": "on"},
    )  # fmt: skip
    user = User.objects.get(email="k@example.org")
    assert (user.is_staff, user.is_superuser) == (False, False)


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/article/", "/admin/auth/user/"])
def test_a_signed_in_reader_gets_the_admin_login_never_an_admin_page(client, reader, path):
    assert sign_in(client, reader.email).status_code == 302
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/admin/login/")
    login_page = client.get(answer["Location"])
    assert login_page.status_code == 200
    assert b'name="password"' in login_page.content


def test_a_reader_cannot_sign_in_to_the_admin(client, reader):
    answer = client.post("/admin/login/", {"username": reader.user.username, "password": PASSWORD})
    assert answer.status_code == 200
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_send_anonymous_readers_and_staff_to_sign_in(client, staff, path):
    assert client.get(path)["Location"] == f"/accounts/login/?next={path}"
    client.force_login(staff.user)
    assert client.get(path)["Location"] == f"/accounts/login/?next={path}"
    assert client.post(path, {"password": PASSWORD})["Location"].startswith("/accounts/login/")
    assert User.objects.filter(pk=staff.user.pk).exists()


def test_reset_links_work_for_readers_only_and_only_from_the_readers_form(reader, staff):
    tokens = ReaderPasswordResetTokenGenerator()
    assert tokens.check_token(reader.user, tokens.make_token(reader.user))
    assert not tokens.check_token(staff.user, tokens.make_token(staff.user))
    # A token of Django's own kind (another reset form's) is no key here.
    assert not tokens.check_token(reader.user, default_token_generator.make_token(reader.user))
    assert isinstance(allauth_default_tokens, ReaderPasswordResetTokenGenerator)


def test_a_staff_reset_link_is_refused_by_the_page(client, staff):
    token = ReaderPasswordResetTokenGenerator().make_token(staff.user)
    path = f"/accounts/password/reset/key/{int_to_base36(staff.user.pk)}-{token}/"
    page = client.get(path, follow=True)
    assert b"This link does not work" in page.content
    client.post(path, {"password1": "taken over now", "password2": "taken over now"})
    staff.user.refresh_from_db()
    assert staff.user.check_password(PASSWORD)


def test_a_readers_sign_in_leaves_no_address_in_the_staff_login_log(client, reader, staff):
    assert sign_in(client, reader.email).status_code == 302
    client.post("/accounts/logout/")
    assert not AccessLog.objects.exists()
    staff_client = Client()
    staff_client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["editor"]
