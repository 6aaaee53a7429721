"""Readers' forms: the display name asked at sign-up and on the profile page, and the
password that confirms an account's deletion."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ReaderProfile
from newsroom.text import nfc
from newsroom.zawgyi import to_unicode

DISPLAY_NAME_MAX_LENGTH = ReaderProfile._meta.get_field("display_name").max_length


class DisplayNameField(forms.CharField):
    """The name shown with a reader's comments: composed (NFC) before it is measured,
    so Burmese typed with decomposed marks counts as it is stored, converted to Unicode
    if it was typed in Zawgyi, and trimmed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault("max_length", DISPLAY_NAME_MAX_LENGTH)
        kwargs.setdefault(
            "help_text", _("Shown with your comments. Up to 50 characters, in any script.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "nickname"})

    def to_python(self, value):
        if isinstance(value, str):
            value = to_unicode(nfc(value)).strip()
        return super().to_python(value)


class ReaderSignupForm(SignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS) asking for the display name as well. The
    reader's profile is created with the user by the adapter (accounts/adapter.py)."""

    display_name = DisplayNameField()


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = ReaderProfile
        fields = ["display_name", "notify_on_replies"]


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for its password, checked through allauth so that
    guesses count towards the same failed-login limit as the sign-in page."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(_("That is not your password."), code="incorrect")
        return password
