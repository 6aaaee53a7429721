"""Two-factor sign-in (django-otp): enrolling an authenticator from the admin, the
login asking for its code, backup codes, and STAFF_REQUIRE_2FA."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.html import parse
from tests.newsroom.staff.conftest import current_code, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_code_throttling(settings):
    """django-otp slows down repeated wrong codes; these tests type several in a row."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, make_staff):
    user = make_staff("thida")
    client.force_login(user)
    page = parse(client.get("/admin/two-factor/").content)
    assert page.first(".staff-qr-code svg") is not None
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.one(".staff-secret").text.replace(" ", "") != ""

    assert client.post("/admin/two-factor/", {"token": "000000"}).status_code == 400
    response = client.post("/admin/two-factor/", {"token": current_code(device)})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert len(parse(response.content).all(".staff-backup-codes code")) == 10
    assert client.get("/admin/").status_code == 200  # this session gave its code


def test_login_without_a_device_needs_no_code(client, make_staff):
    make_staff("kyaw")
    assert log_in(client, "kyaw").url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_with_a_device_asks_for_its_code(client, authenticator):
    response = log_in(client, "thida")
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_login_refuses_a_wrong_code(client, authenticator):
    response = log_in(
        client, "thida", code="123456" if current_code(authenticator) != "123456" else "654321"
    )
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_login_with_the_current_code_opens_the_admin(client, authenticator):
    response = log_in(client, "thida", code=current_code(authenticator))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_code_is_not_logged_in(client, authenticator):
    """A session begun before the device was set up (here: force_login)."""
    client.force_login(authenticator.user)
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_backup_codes_from_the_command_work_once(client, authenticator):
    out = StringIO()
    call_command("issue_backup_codes", "thida", "--count", "3", stdout=out)
    codes = out.getvalue().splitlines()[1:]
    assert len(codes) == 3
    assert log_in(client, "thida", code=codes[0]).status_code == 302
    client.logout()
    assert log_in(client, "thida", code=codes[0]).status_code == 200


def test_required_two_factor_sends_a_staff_member_without_one_to_enrol(
    client, make_staff, settings
):
    settings.STAFF_REQUIRE_2FA = True
    make_staff("kyaw")
    assert log_in(client, "kyaw").status_code == 302
    for path in ("/admin/", "/admin/articles/article/", "/admin/auth/user/"):
        assert client.get(path).url == "/admin/two-factor/", path
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200
    assert "requires two-factor sign-in" in page.content.decode()


def test_required_two_factor_lets_an_enrolled_staff_member_in(client, authenticator, settings):
    settings.STAFF_REQUIRE_2FA = True
    log_in(client, "thida", code=current_code(authenticator))
    assert client.get("/admin/articles/article/").status_code == 200
