"""No answer tells whether an address has a reader's account (or a staff one)."""

import pytest
from django.contrib.auth.models import User

from tests.accounts.conftest import PASSWORD, page_without_tokens, sign_in

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody@example.org"


def test_a_failed_sign_in_reads_the_same_for_any_address(client, reader, staff):
    answers = {
        "unknown address": (sign_in(client, UNKNOWN), UNKNOWN),
        "reader, wrong password": (sign_in(client, reader.email, "not it at all"), reader.email),
        "staff, right password": (sign_in(client, staff.email), staff.email),
    }
    pages = {case: page_without_tokens(answer, email) for case, (answer, email) in answers.items()}
    assert {answer.status_code for answer, _ in answers.values()} == {200}
    assert len(set(pages.values())) == 1
    assert (
        "The email address and/or password you specified are not correct."
        in pages["unknown address"]
    )
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_known_address_answers_as_a_new_one(
    client, smtp_server, reader, settings
):
    settings.SITE_URL = "https://news.example"

    def sign_up(email):
        return client.post(
            "/accounts/signup/",
            {"display_name": "Ko Ko", "email": email, "password1": PASSWORD,
             "password2": PASSWORD},
            follow=True,
        )  # fmt: skip

    known, new = sign_up(reader.email), sign_up("new.reader@example.org")
    assert known.redirect_chain == new.redirect_chain == [("/accounts/confirm-email/", 302)]
    assert page_without_tokens(known, reader.email) == page_without_tokens(
        new, "new.reader@example.org"
    )
    assert User.objects.filter(email=reader.email).count() == 1
    # The address's owner is told by e-mail, where only they read it.
    (mail,) = smtp_server.to(reader.email)
    assert "already exists" in mail.text
    assert "https://news.example/accounts/password/reset/" in mail.text


def test_a_password_reset_request_reads_the_same_for_any_address(
    client, smtp_server, reader, staff, settings
):
    settings.SITE_URL = "https://news.example"
    answers = [
        client.post("/accounts/password/reset/", {"email": email}, follow=True)
        for email in (UNKNOWN, reader.email, staff.email)
    ]
    assert {str(answer.redirect_chain) for answer in answers} == {
        "[('/accounts/password/reset/done/', 302)]"
    }
    assert len({page_without_tokens(answer) for answer in answers}) == 1
    assert "/password/reset/key/" in smtp_server.to(reader.email)[0].text
    # Staff get what an unknown address gets: no reset link.
    (to_staff,) = smtp_server.to(staff.email)
    (to_unknown,) = smtp_server.to(UNKNOWN)
    assert to_staff.text.replace(staff.email, UNKNOWN) == to_unknown.text
    assert "/password/reset/key/" not in to_staff.text
    assert "https://news.example/accounts/signup/" in to_unknown.text
