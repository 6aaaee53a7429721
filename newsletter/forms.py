from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsletter.models import Newsletter, Subscriber
from newsletter.preferences import Entry
from newsroom.editions import edition_language

EMAIL_MAX_LENGTH = 254  # RFC 5321: the longest address a mail server must accept.


class SignupForm(forms.Form):
    """The sign-up box: an address, the page it was on, the newsletters (the
    newsletter page offers each of its edition's), and a honeypot.

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
    # The newsletters of the URL's edition it offers (their slugs); none: the edition's
    # default, as the boxes in every page's footer and sidebar join it.
    newsletter = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("Please choose one of our newsletters."),
            "invalid_pk_value": _("Please choose one of our newsletters."),
            "invalid_list": _("Please choose one of our newsletters."),
        },
    )
    # Sent by the newsletter page's form, whose reader must tick at least one.
    choosing = forms.BooleanField(required=False)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter"].queryset = Newsletter.objects.filter(
            is_public=True, language=edition_language()
        )

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

    def clean(self):
        cleaned_data = super().clean()
        chosen = cleaned_data.get("newsletter")
        if cleaned_data.get("choosing") and "newsletter" not in self.errors and not chosen:
            self.add_error("newsletter", _("Please choose at least one newsletter."))
        return cleaned_data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    """One choice per newsletter of the preferences page (`newsletter.preferences`),
    each field named by its newsletter's slug, preselected as the newsletter is now."""

    def __init__(self, entries: list[Entry], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[entry.newsletter.slug] = forms.ChoiceField(
                label=entry.newsletter.name,
                choices=entry.choices,
                initial=entry.current_choice.value,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an option for each newsletter."),
                    "invalid_choice": _("Please choose one of the options offered."),
                },
            )

    def rows(self):
        """(entry, its field) for the template, in the page's order."""
        return [(entry, self[entry.newsletter.slug]) for entry in self.entries]

    def chosen(self) -> dict[Newsletter, str]:
        return {
            entry.newsletter: self.cleaned_data[entry.newsletter.slug] for entry in self.entries
        }
