from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.rendering import links_in
from newsroom.text import nfc
from newsroom.zawgyi import to_unicode


class CommentForm(forms.Form):
    """A comment or a reply (`parent`), in plain text, with a honeypot.

    `website` is the honeypot: hidden from people (the `hidden` attribute) and skipped
    by autofill, but filled by form-spraying bots. A comment typed in Zawgyi is stored
    in Unicode."""

    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write your comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_body(self):
        body = to_unicode(nfc(self.cleaned_data["body"])).strip()
        if not body:
            raise ValidationError(self.fields["body"].error_messages["required"])
        limit = settings.COMMENTS_MAX_LENGTH
        if len(body) > limit:
            raise ValidationError(
                ngettext(
                    "Your comment is %(length)d characters long; the limit is %(limit)d "
                    "character. Please shorten it.",
                    "Your comment is %(length)d characters long; the limit is %(limit)d "
                    "characters. Please shorten it.",
                    limit,
                )
                % {"length": len(body), "limit": limit}
            )
        links = len(links_in(body))
        cap = settings.COMMENTS_MAX_LINKS
        if links > cap:
            raise ValidationError(
                ngettext(
                    "Your comment has %(links)d links; at most %(cap)d is allowed.",
                    "Your comment has %(links)d links; at most %(cap)d are allowed.",
                    cap,
                )
                % {"links": links, "cap": cap}
            )
        return body
