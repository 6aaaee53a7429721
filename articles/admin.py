from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import previews, publishing
from articles.forms import ArticleAdminForm, ImageAdminForm
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleRedirect,
    Author,
    Correction,
    Image,
    Tag,
)
from articles.readership import admin as readership_admin  # noqa: F401  (Most viewed page)
from articles.workflow import (
    audit,
    audit_admin,  # noqa: F401  (the audit trail)
    corrections,
    locks,
)
from articles.workflow.history_admin import ArticleHistoryMixin
from newsroom.fields import URLIFY_JS


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


@admin.register(Article)
class ArticleAdmin(ArticleHistoryMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    list_display = [
        "headline",
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
        OnTheSiteFilter,
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
        "related_articles",
    ]
    readonly_fields = [
        "preview_link",
        "featured_image_preview",
        "reading_time",
        "view_count",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "updated_at",
                    "kind",
                    "is_recommended",
                    "preview_link",
                ]
            },
        ),
        (_("Placement"), {"fields": ["primary_section", "secondary_sections", "tags"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "featured_image_preview", "featured_image_caption"]},
        ),
        (_("Around the story"), {"fields": ["editors_note", "related_articles"]}),
        (
            _("Figures"),
            {"fields": ["reading_time", "view_count", "created_at", "modified_at"]},
        ),
    ]
    actions = ["publish_now", "unpublish", "mark_recommended", "unmark_recommended"]

    class Media:
        js = URLIFY_JS
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("primary_section")
            .prefetch_related("authors")
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Who else has the story open, recorded and read as the page loads: the
        notice shows even without the page's script (templates/admin/articles/article/)."""
        if obj is not None and self.has_change_permission(request, obj):
            context["editing_others"] = locks.note_editing(article_id=obj.pk, user=request.user)
            context["edit_heartbeat_seconds"] = locks.HEARTBEAT_SECONDS
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = publishing.publish_now(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("Published %d article.", "Published %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = publishing.unpublish(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("Unpublished %d article.", "Unpublished %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as editor's pick"), permissions=["change"])
    def mark_recommended(self, request, queryset):
        count = publishing.mark_pick(queryset)
        self.message_user(
            request,
            ngettext("Marked %d article as a pick.", "Marked %d articles as picks.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Remove from editor's picks"), permissions=["change"])
    def unmark_recommended(self, request, queryset):
        count = publishing.unmark_pick(queryset)
        self.message_user(
            request,
            ngettext("Removed %d article from picks.", "Removed %d articles from picks.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
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

    @admin.display(description=_("articles"), ordering="num_articles")
    def article_count(self, author):
        return author.num_articles

    @admin.display(description=_("preview"))
    def photo_preview(self, author):
        return thumbnail(author.photo)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt_text", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit", "file"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "dimensions", "srcset_widths"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "dimensions", "srcset_widths"]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return thumbnail(image, width=96)

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail(image, width=320)

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width}×{image.height}" if image.width else "—"

    @admin.display(description=_("renditions"))
    def srcset_widths(self, image):
        widths = sorted(int(width) for width in image.renditions)
        return format_html_join(", ", "{} px", ((width,) for width in widths)) or "—"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
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
