from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from articles import publishing
from articles.content.images import validate_image_upload
from articles.models import Article, Image
from articles.publishing import ArticleStatus
from articles.workflow import locks, roles, translations
from newsroom.zawgyi_forms import ZawgyiFormMixin
from sections.models import Section

# Paths under a section that belong to the site, not to a story (section feeds).
RESERVED_SLUGS = {"feed"}


class TranslationSelect(AutocompleteSelect):
    """The admin's autocomplete over stories, asking (`ArticleAdmin.get_search_results`)
    only for those in another language than `language`, and never `story` itself."""

    def __init__(self, *, story: Article, language: str):
        super().__init__(Article._meta.get_field("counterpart"), admin.site)
        self.story, self.language = story, language

    def get_url(self):
        query = {"language": self.language}
        if self.story.pk is not None:
            query["exclude"] = self.story.pk
        return f"{super().get_url()}?{urlencode(query)}"


class ArticleAdminForm(ZawgyiFormMixin, forms.ModelForm):
    zawgyi_html_fields = ("body",)
    # The version of the story this form was opened on; checked, not stored.
    edit_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Not the model's `counterpart`: the link is set both ways by
    # `articles.workflow.translations.link()` after the story is saved, never by the form.
    translation = forms.ModelChoiceField(
        Article.objects.none(),
        required=False,
        label=_("Translation"),
        help_text=_(
            "The same story in the other language. Linked both ways: choosing it here "
            "links it back to this story, and lets go of the stories either was linked to."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "language",
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
            "seo_title",
            "meta_description",
            "social_image",
            "editors_note",
            "review_note",
            "related_articles",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vTextField newsroom-wide"}),
            "slug": forms.TextInput(attrs={"class": "vTextField newsroom-wide"}),
            "body": CKEditor5Widget(config_name="article"),
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "newsroom-wide"}),
            "seo_title": forms.TextInput(attrs={"class": "vTextField newsroom-wide"}),
            "meta_description": forms.Textarea(attrs={"rows": 3, "class": "newsroom-wide"}),
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
        self._set_up_translation()
        if self.user is not None and "status" in self.fields:
            status = self.fields["status"]
            current = self.status_before if self.instance.pk else None
            status.choices = roles.status_choices(self.user, current)
            status.error_messages["invalid_choice"] = _(
                "You cannot give a story the status “%(value)s”: only an editor can."
            )

    def _set_up_translation(self):
        """The translation field: the story's partner, chosen from the stories the
        person may see (plus the current partner, which an editor may have set)."""
        if "language" in self.fields:
            # A POST without it (a form from before editions) keeps the story's language.
            self.fields["language"].required = False
        field = self.fields["translation"]
        field.initial = self.instance.counterpart_id
        language = self.data.get("language") if self.is_bound else None
        if language not in dict(settings.LANGUAGES):
            language = self.instance.language
        field.widget = TranslationSelect(story=self.instance, language=language)
        stories = Article.objects.all()
        if self.user is not None:
            stories = roles.visible_articles(self.user, stories)
            stories |= Article.objects.filter(pk=self.instance.counterpart_id)
        field.queryset = stories

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language

    def translation_changed(self) -> bool:
        translation = self.cleaned_data.get("translation")
        return self.instance.counterpart_id != (translation.pk if translation else None)

    def clean(self):
        cleaned = super().clean()
        self._check_translation(cleaned)
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

    def _check_translation(self, cleaned):
        """A translation is another story, in another language, and pairing may change
        only stories the person may edit (`articles.workflow.translations`)."""
        translation, language = cleaned.get("translation"), cleaned.get("language")
        if "translation" not in cleaned or language is None:
            return
        if translation is not None and translation.pk == self.instance.pk:
            self.add_error("translation", _("A story cannot be its own translation."))
            return
        if translation is not None and translation.language == language:
            message = _(
                "“%(story)s” is in %(language)s too: a translation is in the other language."
            )
            if self.translation_changed():
                self.add_error(
                    "translation",
                    message
                    % {"story": translation, "language": translation.get_language_display()},
                )
            else:
                self.add_error(
                    "language",
                    _(
                        "This story is paired with “%(story)s”, which is in %(language)s: "
                        "choose another translation, or none, to change its language."
                    )
                    % {"story": translation, "language": translation.get_language_display()},
                )
            return
        if self.user is None or not self.translation_changed():
            return
        refused = translations.not_editable_by(self.user, self.instance, translation)
        if refused:
            self.add_error(
                "translation",
                _(
                    "Linking this translation would change %(stories)s, which you may not "
                    "edit: ask an editor to link them."
                )
                % {"stories": ", ".join(f"“{story}”" for story in refused)},
            )

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
