from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from articles import publishing
from articles.content.images import validate_image_upload
from articles.models import Article, Image
from articles.publishing import ArticleStatus
from articles.workflow import locks, roles
from newsroom.zawgyi_forms import ZawgyiFormMixin
from sections.models import Section

# Paths under a section that belong to the site, not to a story (section feeds).
RESERVED_SLUGS = {"feed"}


class ArticleAdminForm(ZawgyiFormMixin, forms.ModelForm):
    zawgyi_html_fields = ("body",)
    # The version of the story this form was opened on; checked, not stored.
    edit_version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "status",
            "publish_at",
            "updated_at",
            "kind",
            "is_recommended",
            "primary_section",
            "secondary_sections",
            "tags",
            "featured_image",
            "featured_image_caption",
            "editors_note",
            "review_note",
            "related_articles",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vTextField newsroom-wide"}),
            "slug": forms.TextInput(attrs={"class": "vTextField newsroom-wide"}),
            "body": CKEditor5Widget(config_name="article"),
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "newsroom-wide"}),
            "editors_note": forms.Textarea(attrs={"rows": 3}),
            "review_note": forms.Textarea(attrs={"rows": 3}),
        }

    # The person editing, set by `ArticleAdmin.get_form`: what they may set is theirs.
    user = None
    # The change page's buttons that move the story whatever the status list says.
    STATUS_BUTTONS = {
        "_submit_for_review": ArticleStatus.IN_REVIEW,
        "_return_to_writer": ArticleStatus.RETURNED,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.edit_version
        self.status_before = self.instance.status if self.instance.pk else ArticleStatus.DRAFT
        if self.user is not None and "status" in self.fields:
            status = self.fields["status"]
            current = self.status_before if self.instance.pk else None
            status.choices = roles.status_choices(self.user, current)
            status.error_messages["invalid_choice"] = _(
                "You cannot give a story the status “%(value)s”: only an editor can."
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            try:
                locks.check_edit_version(self.instance, cleaned.get("edit_version"))
            except ValidationError as error:
                self.add_error(None, error)
        if self.user is not None:
            self._check_workflow(cleaned)
        headline = cleaned.get("headline") or ""
        if not cleaned.get("slug") and headline:
            cleaned["slug"] = publishing.default_slug(headline)
            self.instance.slug = cleaned["slug"]
        slug, section = cleaned.get("slug"), cleaned.get("primary_section")
        if slug in RESERVED_SLUGS:
            self.add_error(
                "slug", _("“%(slug)s” is reserved for the site's own pages.") % {"slug": slug}
            )
        elif slug and section:
            taken = Article.objects.filter(primary_section=section, slug=slug)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "slug",
                    _("“%(slug)s” is already used by another story in %(section)s.")
                    % {"slug": slug, "section": section},
                )
            elif Section.objects.filter(parent=section, slug=slug).exists():
                self.add_error(
                    "slug",
                    _("“%(slug)s” is the address of a sub-section of %(section)s.")
                    % {"slug": slug, "section": section},
                )
        if self.instance.pk and self.instance in (cleaned.get("related_articles") or []):
            self.add_error("related_articles", _("A story cannot be related to itself."))
        return cleaned

    def _check_workflow(self, cleaned):
        """Refuse what the editing person may not do, with a message that says so: a
        field only editors get (posted by hand), a status move not theirs or not
        possible from where the story is, a return without a note."""
        forbidden = [
            str(label)
            for name, label in roles.EDITOR_ONLY_FIELDS.items()
            if name in roles.hidden_fields(self.user)
            and any(key == name or key.startswith(f"{name}_") for key in self.data)
        ]
        if forbidden:
            raise forms.ValidationError(
                _("Only an editor can set the %(fields)s; nothing was saved.")
                % {"fields": ", ".join(forbidden)}
            )
        for button, status in self.STATUS_BUTTONS.items():
            if button in self.data:
                cleaned["status"] = status
        status = cleaned.get("status")
        if status is None:
            return
        if not roles.may_set_status(self.user, self.status_before, status):
            self.add_error(
                None,
                _("You cannot make this story “%(status)s”: only an editor can.")
                % {"status": ArticleStatus(status).label},
            )
            return
        try:
            publishing.check_move(self.status_before, status)
        except forms.ValidationError as error:
            self.add_error("status", error)
            return
        if (
            status == ArticleStatus.RETURNED
            and self.status_before != ArticleStatus.RETURNED
            and not cleaned.get("review_note")
        ):
            self.add_error("review_note", publishing.RETURN_NEEDS_NOTE)


class LibraryImageField(forms.ImageField):
    """Checks size and pixel count from the header before Django's ImageField decodes
    anything, so a decompression bomb gets our clear message, not "not an image"."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ImageAdminForm(ZawgyiFormMixin, forms.ModelForm):
    """The media library's form, for the admin and the body editor's uploads alike."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
        field_classes = {"file": LibraryImageField}
