"""A display name typed in Zawgyi, at sign-up or on the profile page, is stored in
Unicode; a Unicode name is stored as typed."""

import pytest

from accounts.forms import DisplayNameField
from accounts.models import ReaderProfile
from tests.accounts.conftest import sign_in

NAME = ("ေဒၚေအာင္ဆန္းစုၾကည္", "ဒေါ်အောင်ဆန်းစုကြည်")


@pytest.mark.django_db
def test_a_display_name_typed_in_zawgyi_is_saved_in_unicode(client, reader):
    sign_in(client, reader.email)
    response = client.post("/accounts/profile/", {"display_name": f" {NAME[0]} "})
    assert response.status_code == 302
    assert ReaderProfile.objects.get(user=reader.user).display_name == NAME[1]


@pytest.mark.parametrize(("typed", "stored"), [NAME, (NAME[1], NAME[1]), ("Ma Ei", "Ma Ei")])
def test_the_sign_up_name_field_converts_only_zawgyi(typed, stored):
    assert DisplayNameField().clean(typed) == stored
