from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsletter.models import Subscriber

EMAIL_MAX_LENGTH = 254  # RFC 5321: the longest address a mail server must accept.


class SignupForm(forms.Form):
    """The sign-up box: an address, the page it was on, and a honeypot.

    `website` is the honeypot: hidden from people (the `hidden` attribute, no CSS
    needed) and skipped by autofill, but filled by form-spraying bots.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address, like name@example.com."),
            "max_length": _("That address is too long (at most 254 characters)."),
        },
    )
    source = forms.CharField(required=False)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        # EmailValidator already rejects CR/LF inside an address; this states the rule
        # where it matters, since the address becomes an e-mail header.
        if any(char in email for char in "\r\n\0"):
            raise ValidationError(self.fields["email"].error_messages["invalid"])
        local, _at, domain = email.rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean_source(self):
        """Keep only a same-site path: it is shown to editors, never followed."""
        source = self.cleaned_data["source"]
        if not source.startswith("/") or source.startswith("//") or "\\" in source:
            return ""
        return source[: Subscriber._meta.get_field("source").max_length]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
