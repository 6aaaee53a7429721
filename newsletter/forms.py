from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsletter.models import Newsletter, Subscriber
from newsroom.editions import edition_language

EMAIL_MAX_LENGTH = 254  # RFC 5321: the longest address a mail server must accept.


class SignupForm(forms.Form):
    """The sign-up box: an address, the page it was on, the newsletter (on the
    newsletter page of an edition with several), and a honeypot.

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
    # Which of the edition's newsletters (its slug); none: the edition's default. Only
    # the newsletter page offers the choice, and only when its edition has several.
    newsletter = forms.SlugField(
        required=False,
        allow_unicode=True,
        error_messages={"invalid": _("Please choose one of our newsletters.")},
    )
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

    def clean_newsletter(self):
        """One of the newsletters of the edition the form was posted to (the URL's)."""
        slug = self.cleaned_data["newsletter"]
        if slug and not Newsletter.objects.filter(slug=slug, language=edition_language()).exists():
            raise ValidationError(self.fields["newsletter"].error_messages["invalid"])
        return slug

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
