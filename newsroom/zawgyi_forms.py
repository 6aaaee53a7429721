"""Zawgyi conversion in the staff's forms: every text a form cleans is converted to
Unicode if it is Zawgyi (`newsroom.zawgyi`), and the admin says which fields were."""

from django import forms
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from newsroom.zawgyi import html_to_unicode, to_unicode


def converted_value(value, *, html: bool = False):
    """`value` with Zawgyi text converted: a string, or each string of a list (tags)."""
    if isinstance(value, str):
        return html_to_unicode(value) if html else to_unicode(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [to_unicode(item) for item in value]
    return value


class ZawgyiFormMixin:
    """Converts Zawgyi in the cleaned data before the model sees it, and lists the
    labels of the fields it converted in `zawgyi_converted`. Fields named in
    `zawgyi_html_fields` hold HTML: their text is converted, their markup kept."""

    zawgyi_html_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        self.zawgyi_converted = []
        for name, value in cleaned.items():
            converted = converted_value(value, html=name in self.zawgyi_html_fields)
            if converted != value:
                cleaned[name] = converted
                self.zawgyi_converted.append(str(self.fields[name].label or name))
        return cleaned


class ZawgyiModelForm(ZawgyiFormMixin, forms.ModelForm):
    """The admin's default form with Zawgyi conversion."""


class ZawgyiAdminMixin:
    """A ModelAdmin whose form converts Zawgyi and which tells the editor, after the
    save, which fields it converted ("Converted from Zawgyi to Unicode: Headline"),
    with those of inlines whose form is a `ZawgyiModelForm` ("Correction or update: Text")."""

    form = ZawgyiModelForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        converted = list(getattr(form, "zawgyi_converted", []))
        for formset in formsets:
            name = capfirst(formset.model._meta.verbose_name)
            for inline in formset.forms:
                for label in getattr(inline, "zawgyi_converted", []):
                    converted.append(f"{name}: {label}")
        if converted:
            fields = ", ".join(capfirst(label) for label in converted)
            self.message_user(
                request,
                _("Converted from Zawgyi to Unicode: %(fields)s") % {"fields": fields},
                messages.INFO,
            )
