"""Second-factor services: enrolling an authenticator app (TOTP), backup codes and
who still has to enrol. Called by the enrolment page, the login form, the
middleware and `issue_backup_codes` alike."""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
# django-otp's random static tokens: 5 random bytes in base32.
BACKUP_CODE_LENGTH = len(StaticToken.random_token())


def needs_enrolment(user) -> bool:
    """A staff member who must set up a second factor before using the admin."""
    return (
        settings.STAFF_REQUIRE_2FA
        and user.is_authenticated
        and user.is_staff
        and not user_has_device(user)
    )


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up, the same one on every reload so
    the code on the page stays the one the phone scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, token: str) -> bool:
    """Confirm `device` when `token` is its current code; it then replaces the
    user's earlier authenticator (a new phone)."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def issue_backup_codes(*, user, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """A fresh set of single-use backup codes for `user`; earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_svg(text: str) -> str:
    """`text` as an inline SVG QR code (made here: no third-party service sees the
    secret)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")
