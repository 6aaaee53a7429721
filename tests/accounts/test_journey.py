"""A reader's whole journey, with e-mails through a real SMTP server."""

import re
import unicodedata

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from accounts.models import ReaderProfile
from tests.accounts.conftest import PASSWORD, sign_in
from tests.html import parse

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def only_link(mail) -> str:
    links = LINK.findall(mail.text)
    assert len(links) == 1, mail.text
    return links[0]


def test_sign_up_confirm_sign_in_edit_profile_change_password_sign_out(
    client, smtp_server, settings
):
    settings.SITE_URL = "https://news.example"
    settings.SITE_NAME = "The Irrawaddy Desk"
    # ဦ (U+1026) has a canonical decomposition: typed decomposed, stored composed.
    name = unicodedata.normalize("NFD", "  ဦးမောင်မောင်  ")
    assert name != unicodedata.normalize("NFC", name)
    answer = client.post(
        "/accounts/signup/",
        {
            "display_name": name,
            "email": "Maung@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="maung@example.org")
    assert not user.is_staff and not user.is_superuser
    assert user.reader.display_name == "ဦးမောင်မောင်"
    # Not confirmed yet: the right password does not sign in.
    unconfirmed = sign_in(client, "maung@example.org")
    assert unconfirmed["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    mail = smtp_server.to("maung@example.org")[0]
    assert mail.message["Subject"].startswith("[The Irrawaddy Desk] ")
    assert "The Irrawaddy Desk" in mail.text
    link = only_link(mail)
    assert link.startswith("https://news.example/accounts/confirm-email/")
    path = link.removeprefix("https://news.example")

    confirm_page = client.get(path)
    assert "maung@example.org" in parse(confirm_page.content.decode()).one("main").text
    confirmed = client.post(path)
    assert confirmed["Location"] == "/accounts/login/"
    assert EmailAddress.objects.get(user=user).verified

    signed_in = sign_in(client, "maung@example.org", next="/")
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "maung@example.org" in profile.content.decode()
    saved = client.post(
        "/accounts/profile/", {"display_name": " Maung Maung ", "notify_on_replies": ""}
    )
    assert saved["Location"] == "/accounts/profile/"
    page = parse(client.get("/accounts/profile/").content.decode())
    assert page.one(".account-messages").text == "Your profile is saved."
    profile_row = ReaderProfile.objects.get(user=user)
    assert (profile_row.display_name, profile_row.notify_on_replies) == ("Maung Maung", False)

    new_password = "tea leaves in the monsoon"
    changed = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)

    signed_out = client.post("/accounts/logout/")
    assert signed_out["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert sign_in(client, "maung@example.org", new_password).status_code == 302


def test_password_reset_by_email_end_to_end(client, smtp_server, settings, reader):
    settings.SITE_URL = "https://news.example"
    asked = client.post("/accounts/password/reset/", {"email": reader.email})
    assert asked["Location"] == "/accounts/password/reset/done/"
    (mail,) = smtp_server.to(reader.email)
    link = only_link(mail)
    assert link.startswith("https://news.example/accounts/password/reset/key/")

    # allauth moves the key from the address into the session before showing the form.
    form_page = client.get(link.removeprefix("https://news.example"), follow=True)
    form_url = form_page.redirect_chain[-1][0]
    assert parse(form_page.content.decode()).one("#id_password1")
    new_password = "a brand new lantern"
    done = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert done["Location"] == "/accounts/password/reset/key/done/"
    reader.user.refresh_from_db()
    assert reader.user.check_password(new_password)
    assert sign_in(client, reader.email, new_password).status_code == 302

    client.logout()
    used_again = client.get(link.removeprefix("https://news.example"), follow=True)
    assert "This link does not work" in parse(used_again.content.decode()).one("h1").text


def test_display_name_is_required_trimmed_and_at_most_50_characters(client):
    for name, error in [
        ("   ", "This field is required."),
        ("မ" * 51, "Ensure this value has at most 50 characters (it has 51)."),
    ]:
        answer = client.post(
            "/accounts/signup/",
            {"display_name": name, "email": "new@example.org", "password1": PASSWORD,
             "password2": PASSWORD},
        )  # fmt: skip
        assert answer.status_code == 200
        page = parse(answer.content.decode())
        assert page.one("#id_display_name_error").text == error
        # Nothing typed is lost but the passwords (never sent back).
        assert page.one("#id_email")["value"] == "new@example.org"
    assert not User.objects.exists()


def test_fifty_burmese_characters_typed_decomposed_fit(client):
    """NFC before measuring: 50 composed characters typed as 100 code points fit."""
    composed = "ဦ" * 50
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) == 100
    answer = client.post(
        "/accounts/signup/",
        {"display_name": decomposed, "email": "n@example.org", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    assert answer.status_code == 302
    assert ReaderProfile.objects.get().display_name == composed


def test_changing_the_email_address_takes_effect_once_the_new_one_is_confirmed(
    client, smtp_server, settings, reader
):
    settings.SITE_URL = "https://news.example"
    sign_in(client, reader.email)
    asked = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert asked.status_code == 302
    page = parse(client.get("/accounts/email/").content.decode())
    assert "Changing to new@example.org" in page.one("main").text
    assert EmailAddress.objects.get(user=reader.user, primary=True).email == reader.email

    (mail,) = smtp_server.to("new@example.org")
    path = only_link(mail).removeprefix("https://news.example")
    client.post(path)
    assert list(EmailAddress.objects.filter(user=reader.user).values_list("email", "verified")) == [
        ("new@example.org", True)
    ]
    client.logout()
    assert sign_in(client, "new@example.org").status_code == 302
