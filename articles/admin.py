from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Count
from django.forms import Script
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import previews, publishing
from articles.embed_admin import ask_providers_after_save  # also registers the Embed admin
from articles.focal_point_admin import FocalPointImageForm, crop_previews, focal_point_picker
from articles.forms import ArticleAdminForm
from articles.image_usage_admin import ImageUsageWarningMixin
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleRedirect,
    Author,
    Correction,
    Image,
    Tag,
)
from articles.publishing import ArticleStatus
from articles.readership import admin as readership_admin  # noqa: F401  (Most viewed page)
from articles.seo.share_card_admin import ShareCardPreviewMixin
from articles.workflow import (
    audit,
    audit_admin,  # noqa: F401  (the audit trail)
    corrections,
    locks,
    roles,
    translations,
)
from articles.workflow.history_admin import ArticleHistoryMixin
from newsroom.fields import URLIFY_JS
from newsroom.zawgyi_forms import ZawgyiAdminMixin, ZawgyiModelForm


def thumbnail(image: Image | None, width: int = 120):
    if image is None or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="newsroom-admin-thumb">',
        image.rendition_url(320),
        image.alt_text,
        width,
    )


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in order)")


class CorrectionInline(admin.TabularInline):
    """Corrections and update notes, shown to readers at the foot of the story."""

    model = Correction
    form = ZawgyiModelForm
    extra = 0
    fields = ["kind", "text", "published_at"]
    verbose_name = _("correction or update")
    verbose_name_plural = _("corrections and updates (shown to readers, dated)")


class OnTheSiteFilter(admin.SimpleListFilter):
    """What readers can see now, by the `published()` rule: live, scheduled (published
    with a future time: the queue of stories going out), or not on the site."""

    title = _("on the site")
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("hidden", _("Not on the site")),
        ]

    def queryset(self, request, queryset):
        published = Article.objects.published()
        if self.value() == "live":
            return queryset.filter(pk__in=published.values("pk"))
        if self.value() == "scheduled":
            return queryset.filter(pk__in=Article.objects.scheduled().values("pk"))
        if self.value() == "hidden":
            return queryset.exclude(pk__in=published.values("pk"))
        return queryset


class WaitingForMeFilter(admin.SimpleListFilter):
    """The stories waiting for the person looking: for an editor, those in review;
    for a writer, their own that were returned to them."""

    title = _("waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("me", _("Waiting for me"))]

    def queryset(self, request, queryset):
        if self.value() != "me":
            return queryset
        if roles.can_publish(request.user):
            return queryset.filter(status=ArticleStatus.IN_REVIEW)
        return roles.own_articles(request.user, queryset.filter(status=ArticleStatus.RETURNED))


@admin.register(Article)
class ArticleAdmin(ZawgyiAdminMixin, ArticleHistoryMixin, ShareCardPreviewMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    list_display = [
        "headline",
        "language",
        "status",
        "is_published",
        "primary_section",
        "byline",
        "publish_at",
        "view_count",
        "is_recommended",
    ]
    list_display_links = ["headline"]
    list_filter = [
        WaitingForMeFilter,
        OnTheSiteFilter,
        "language",
        "status",
        "kind",
        "is_recommended",
        ("primary_section", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["primary_section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "primary_section",
        "secondary_sections",
        "featured_image",
        "social_image",
        "related_articles",
    ]
    readonly_fields = [
        "translation_link",
        "returned_note",
        "preview_link",
        "featured_image_preview",
        "share_card_preview",
        "reading_time",
        "view_count",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Edition"), {"fields": ["language", "translation", "translation_link"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "updated_at",
                    "kind",
                    "is_recommended",
                    "review_note",
                    "preview_link",
                ]
            },
        ),
        (_("Placement"), {"fields": ["primary_section", "secondary_sections", "tags"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "featured_image_preview", "featured_image_caption"]},
        ),
        (
            _("Search and sharing"),
            {"fields": ["seo_title", "meta_description", "social_image", "share_card_preview"]},
        ),
        (_("Around the story"), {"fields": ["editors_note", "related_articles"]}),
        (
            _("Figures"),
            {"fields": ["reading_time", "view_count", "created_at", "modified_at"]},
        ),
    ]
    actions = [
        "submit_for_review",
        "publish_now",
        "unpublish",
        "mark_recommended",
        "unmark_recommended",
    ]

    class Media:
        js = [*URLIFY_JS, Script("admin/js/body_images.js", type="module")]
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def get_queryset(self, request):
        articles = super().get_queryset(request).select_related("primary_section")
        return roles.visible_articles(request.user, articles).prefetch_related("authors")

    def get_fieldsets(self, request, obj=None):
        """Editors' fields only for editors; a returned story opens with the note that
        returned it (for its writer: editors have the note's own field)."""
        hidden = set(roles.hidden_fields(request.user))
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in self.fieldsets
        ]
        if obj is not None and obj.status == ArticleStatus.RETURNED and hidden:
            fieldsets.insert(
                0,
                (
                    _("Returned to you by an editor"),
                    {"fields": ["returned_note"], "classes": ["newsroom-review-note"]},
                ),
            )
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return roles.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return roles.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        """The bulk actions marked `permissions=["publish"]` are for editors."""
        return roles.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        """Store the story in the status it had, then move it to the one it was given
        (`articles.publishing`, the one path of every status change)."""
        if not change:
            obj.created_by = request.user
        status, obj.status = obj.status, form.status_before
        publishing.move_to(obj, status, by=request.user)
        # Titles, stills and allowlisted players of new embeds: asked once saved, not by readers.
        ask_providers_after_save(request, obj.body)
        if form.translation_changed():
            translations.link(
                article=obj, counterpart=form.cleaned_data["translation"], user=request.user
            )

    def get_search_results(self, request, queryset, search_term):
        """The translation autocomplete (`articles.forms.TranslationSelect`) offers
        stories in another language than the story's, and not the story itself."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "counterpart":
            language = request.GET.get("language")
            if language in dict(settings.LANGUAGES):
                queryset = queryset.exclude(language=language)
            story = request.GET.get("exclude", "")
            if story.isdigit():
                queryset = queryset.exclude(pk=int(story))
        return queryset, may_have_duplicates

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A writer who opens another writer's story, or posts to one of theirs that is
        no longer theirs to change, is sent back with a message saying why."""
        if object_id is not None and not roles.can_publish(request.user):
            refusal = self._writer_refusal(request, unquote(object_id))
            if refusal is not None:
                return refusal
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _writer_refusal(self, request, object_id):
        story = self.get_object(request, object_id)
        if story is None and Article.objects.filter(pk=object_id).exists():
            messages.error(
                request,
                _("That story is another writer's: only its writers and editors can open it."),
            )
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        posting = request.method == "POST"
        if story is not None and posting and not roles.can_edit(request.user, story):
            messages.error(
                request,
                _("“%(story)s” is %(status)s: only an editor can change it now; nothing was saved.")
                % {"story": story, "status": story.get_status_display().lower()},
            )
            return HttpResponseRedirect(request.path)
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The review buttons beside Save (templates/admin/articles/article/submit_line.html),
        and who else has the story open, recorded and read as the page loads: the
        notice shows even without the page's script (templates/admin/articles/article/)."""
        user = request.user
        if obj is not None and self.has_change_permission(request, obj):
            context["editing_others"] = locks.note_editing(article_id=obj.pk, user=user)
            context["edit_heartbeat_seconds"] = locks.HEARTBEAT_SECONDS
        # The body editor's "Add image" dialog (admin/articles/article/body_images.html).
        context["can_add_body_images"] = roles.can_upload_images(user)
        status = obj.status if obj is not None else ArticleStatus.DRAFT
        context["can_submit_for_review"] = (
            roles.can_edit(user, obj) and status in roles.WRITER_STATUSES
        )
        context["can_return_to_writer"] = (
            roles.can_publish(user) and status == ArticleStatus.IN_REVIEW
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_action(self, request, queryset):
        """A bulk action the person may not run (posted by hand) is refused by name,
        not with Django's "No action selected"."""
        action = request.POST.get("action", "")
        known = set(self.actions) | set(dict(self.admin_site.actions))
        if action in known and action not in self.get_actions(request):
            messages.error(
                request, _("You may not run “%(action)s”: it is for editors.") % {"action": action}
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    @admin.display(description=_("linked translation"))
    def translation_link(self, article):
        """The partner as a link to its change page, with its language and status."""
        partner = article.counterpart
        if partner is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            reverse("admin:articles_article_change", args=[partner.pk]),
            partner.headline,
            partner.get_language_display(),
            partner.get_status_display(),
        )

    @admin.display(description=_("note from the editor"))
    def returned_note(self, article):
        return article.review_note or "—"

    def get_inlines(self, request, obj):
        # Corrections are owned in public: only a published story (or one that has
        # some, e.g. once unpublished) takes them.
        if obj is not None and (obj.status == Article.Status.PUBLISHED or obj.corrections.exists()):
            return [*self.inlines, CorrectionInline]
        return self.inlines

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Correction:
            corrections.note_saved(
                article=form.instance,
                added=formset.new_objects,
                changed=[note for note, _fields in formset.changed_objects],
                user=request.user,
            )

    def delete_model(self, request, obj):
        audit.record(action=audit.Action.DELETED, article=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit.record_many(
            action=audit.Action.DELETED,
            article_ids=list(queryset.values_list("pk", flat=True)),
            user=request.user,
        )
        super().delete_queryset(request, queryset)

    @admin.display(description=_("authors"))
    def byline(self, article):
        return ", ".join(author.name for author in article.authors.all()) or "—"

    def view_on_site(self, article):
        """ "View on site" opens the public page of a live story and the preview of any
        other (its public URL would be a 404 for the editor)."""
        if article.is_published():
            return article.get_absolute_url()
        return previews.preview_url(article)

    @admin.display(description=_("preview link"))
    def preview_link(self, article):
        if article.pk is None:
            return _("Save the story to get a preview link.")
        days = settings.ARTICLE_PREVIEW_MAX_AGE // 86400
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> — {}',
            previews.preview_url(article),
            _("Open the preview"),
            ngettext(
                "anyone with this link can read the story for %d day.",
                "anyone with this link can read the story for %d days.",
                days,
            )
            % days,
        )

    @admin.display(description=_("preview"))
    def featured_image_preview(self, article):
        return thumbnail(article.featured_image, width=320)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        ready = [
            story
            for story in queryset.filter(status__in=roles.WRITER_STATUSES)
            if roles.can_edit(request.user, story)
        ]
        for story in ready:
            publishing.submit(story, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Submitted %d story for review.", "Submitted %d stories for review.", len(ready)
            )
            % len(ready),
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        count = publishing.publish_now(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("Published %d article.", "Published %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = publishing.unpublish(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("Unpublished %d article.", "Unpublished %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as editor's pick"), permissions=["publish"])
    def mark_recommended(self, request, queryset):
        count = publishing.mark_pick(queryset)
        self.message_user(
            request,
            ngettext("Marked %d article as a pick.", "Marked %d articles as picks.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Remove from editor's picks"), permissions=["publish"])
    def unmark_recommended(self, request, queryset):
        count = publishing.unmark_pick(queryset)
        self.message_user(
            request,
            ngettext("Removed %d article from picks.", "Removed %d articles from picks.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(Author)
class AuthorAdmin(ZawgyiAdminMixin, admin.ModelAdmin):
    list_display = ["name", "role", "is_organisation", "user", "article_count"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "slug", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["photo_preview"]
    fields = [
        "name",
        "slug",
        "role",
        "is_organisation",
        "bio",
        "photo",
        "photo_preview",
        "user",
        "email",
        "website",
        "facebook",
        "x",
        "telegram",
    ]

    class Media:
        js = URLIFY_JS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(num_articles=Count("articles"))
        )

    def has_change_permission(self, request, obj=None):
        return roles.can_edit_author(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        """Which account a byline belongs to decides whose it is: editors set it."""
        readonly = super().get_readonly_fields(request, obj)
        return readonly if roles.can_publish(request.user) else [*readonly, "user"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A contributor's POST to another's byline gets a message, not a bare 403."""
        if request.method == "POST" and object_id is not None:
            author = self.get_object(request, unquote(object_id))
            if author is not None and not roles.can_edit_author(request.user, author):
                messages.error(request, _("You can change only your own byline."))
                return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("articles"), ordering="num_articles")
    def article_count(self, author):
        return author.num_articles

    @admin.display(description=_("preview"))
    def photo_preview(self, author):
        return thumbnail(author.photo)


class AltTextFilter(admin.SimpleListFilter):
    """Images whose alt text is still to be written (migration 0019 emptied the old
    body editor's placeholder): their readers' screen readers skip them."""

    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("written", _("Written"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text="")
        if self.value() == "written":
            return queryset.exclude(alt_text="")
        return queryset


@admin.register(Image)
class ImageAdmin(ImageUsageWarningMixin, ZawgyiAdminMixin, admin.ModelAdmin):
    form = FocalPointImageForm
    list_display = ["thumbnail", "alt_text_or_missing", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "alt_text_or_missing"]
    list_filter = [AltTextFilter]
    search_fields = ["alt_text", "caption", "credit", "file"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["focal_point", "crop_preview", "dimensions", "srcset_widths"]
    fields = [
        "file",
        "focal_point",
        "focal_x",
        "focal_y",
        "crop_preview",
        "alt_text",
        "caption",
        "credit",
        "dimensions",
        "srcset_widths",
    ]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return thumbnail(image, width=96)

    @admin.display(description=_("focal point"))
    def focal_point(self, image):
        return focal_point_picker(image)

    @admin.display(description=_("crops"))
    def crop_preview(self, image):
        return crop_previews(image)

    @admin.display(description=_("alt text"), ordering="alt_text")
    def alt_text_or_missing(self, image):
        return image.alt_text or _("Missing: describe this image")

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width}×{image.height}" if image.width else "—"

    @admin.display(description=_("renditions"))
    def srcset_widths(self, image):
        widths = sorted(int(width) for width in image.renditions)
        return format_html_join(", ", "{} px", ((width,) for width in widths)) or "—"


@admin.register(Tag)
class TagAdmin(ZawgyiAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    # Meta.ordering is dropped by the count's GROUP BY; lists and autocomplete want it.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = URLIFY_JS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="num_articles")
    def article_count(self, tag):
        return tag.num_articles


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old article URLs, recorded when a slug or primary section changes; each answers
    301 to the article's current URL. Read-only: manual redirects live in Redirects."""

    list_display = ["old_path", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_path", "article__headline"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from articles import gallery_admin  # noqa: E402, F401  (galleries and their search)
