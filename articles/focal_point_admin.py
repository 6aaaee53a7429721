"""The media library's focal point: where an image's subject is, so that every crop
(`articles.content.crops`) keeps it.

Two number inputs hold the point (fractions of the width and height) and work
without JavaScript; `static/admin/js/focal_point.js` lets an editor click the
picture, or focus it and use the arrow keys, to fill them.
"""

from django import forms
from django.forms import Script
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.forms import ImageAdminForm


def focal_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": "0", "max": "1", "step": "0.01"})


class FocalPointImageForm(ImageAdminForm):
    """The library's form with the focal point (the body editor's upload form has none:
    the point is set here, where the picture is shown whole)."""

    class Meta(ImageAdminForm.Meta):
        fields = [*ImageAdminForm.Meta.fields, "focal_x", "focal_y"]
        widgets = {"focal_x": focal_input(), "focal_y": focal_input()}

    class Media:
        js = [Script("admin/js/focal_point.js", type="module")]
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the point stays where it was (the middle for a new image).
        for name in ("focal_x", "focal_y"):
            self.fields[name].required = False

    def clean_focal_x(self):
        return self._point_or_kept("focal_x")

    def clean_focal_y(self):
        return self._point_or_kept("focal_y")

    def _point_or_kept(self, name: str) -> float:
        value = self.cleaned_data[name]
        return getattr(self.instance, name) if value is None else value


def focal_point_picker(image) -> str:
    """The picture with a marker on its focal point; "—" before a file is stored."""
    if image is None or not image.file:
        return "—"
    return format_html(
        '<div class="focal-point-picker" data-focal-point>'
        '<div class="focal-point-frame" tabindex="0" role="application" aria-label="{}">'
        '<img src="{}" alt="{}" width="{}" height="{}">'
        '<span class="focal-point-marker" style="left: {}%; top: {}%"></span>'
        "</div>"
        '<p class="help">{}</p>'
        "</div>",
        _("Focal point"),
        image.rendition_url(640),
        image.alt_text,
        image.width,
        image.height,
        round(image.focal_x * 100, 2),
        round(image.focal_y * 100, 2),
        _(
            "Click the subject, or focus the picture and move the point with the arrow keys "
            "(Shift for bigger steps). Cards, share cards and e-mails are cropped around it "
            "when you save."
        ),
    )


def crop_previews(image) -> str:
    """The share card and list card as they were last cut, to check the subject is in."""
    if image is None or not image.crops:
        return "—"
    return format_html(
        '<div class="focal-point-crops">'
        '<figure><img src="{}" alt="" width="240" height="126"><figcaption>{}</figcaption></figure>'
        '<figure><img src="{}" alt="" width="180" height="120"><figcaption>{}</figcaption></figure>'
        "</div>",
        image.share_url,
        _("Share card (1200×630)"),
        image.card_url(320),
        _("Card"),
    )
