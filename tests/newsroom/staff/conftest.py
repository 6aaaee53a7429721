import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-newsroom-password"


@pytest.fixture
def make_staff(db):
    def make(username: str):
        return get_user_model().objects.create_user(
            username, password=PASSWORD, is_staff=True, is_superuser=True
        )

    return make


@pytest.fixture
def authenticator(make_staff):
    """A staff member, "thida", with a confirmed authenticator app."""
    user = make_staff("thida")
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device) -> str:
    """What the staff member's phone shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def log_in(client, username, password=PASSWORD, code="", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        **extra,
    )
