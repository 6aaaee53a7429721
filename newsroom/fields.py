"""Model fields shared by the apps."""

from django import forms
from django.db import models

from newsroom.text import SLUG_MAX_LENGTH, validate_slug


class UnicodeSlugFormField(forms.CharField):
    # The admin's prepopulate script reads `allow_unicode` to keep non-ASCII letters;
    # static/admin/js/unicode_urlify.js makes it keep combining marks too.
    allow_unicode = True

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_slug])
        super().__init__(**kwargs)


class UnicodeSlugField(models.SlugField):
    """A slug that keeps every letter, mark and digit (see `newsroom.text.slugify`)."""

    default_validators = [validate_slug]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SLUG_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Skip SlugField.formfield, which would force Django's ASCII/`\w` slug validator.
        return models.CharField.formfield(self, **{"form_class": UnicodeSlugFormField, **kwargs})


# Admin media for models with a UnicodeSlugField. Listing Django's urlify.js first
# makes the media merge load our override after it.
URLIFY_JS = ["admin/js/urlify.js", "admin/js/unicode_urlify.js"]
