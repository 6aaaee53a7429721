from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.staff.two_factor import BACKUP_CODE_LENGTH

_CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
)


class StaffLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin login: username and password, plus the authenticator's code for a
    staff member who has set up two-factor sign-in (a backup code works too).

    A wrong code counts as a failed login for django-axes, so guessing codes locks
    the account out like guessing passwords.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        widget=_CODE_WIDGET,
        help_text=_("From your authenticator app, or a backup code. Empty if you have none."),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app, or a backup code."),
        "invalid_token": _("That code is not right or has expired. Enter the current one."),
    }

    def _chosen_device(self, user):
        """The device the code belongs to, told by its shape: backup codes are
        letters and digits of their own length, an app's codes are shorter digits.
        (django-otp asks for a choice so that one login never counts a failure
        against every device of the user.)"""
        token = self.cleaned_data.get("otp_token") or ""
        kind = StaticDevice if len(token) == BACKUP_CODE_LENGTH else TOTPDevice
        devices = list(devices_for_user(user))
        return next((d for d in devices if isinstance(d, kind)), devices[0] if devices else None)

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            try:
                self.clean_otp(user)
            except ValidationError:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned_data.get("username")},
                    request=self.request,
                )
                raise
        return cleaned_data


class AuthenticatorCodeForm(forms.Form):
    """The code an authenticator app shows, to confirm it was set up right."""

    token = forms.CharField(
        label=_("Code from the app"), max_length=16, strip=True, widget=_CODE_WIDGET
    )
