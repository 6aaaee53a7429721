"""The audit trail in the admin: read-only, filtered by action, user and date."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleEvent


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user_name", "action", "story", "detail"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["article_headline", "user_name", "detail"]
    date_hierarchy = "at"
    fields = ["at", "action", "story", "article_number", "user_name", "detail"]
    readonly_fields = fields

    @admin.display(description=_("story"), ordering="article_headline")
    def story(self, event):
        """A link to the story while it exists; the headline it had once it is deleted."""
        if event.article_id is None:
            return event.article_headline
        url = reverse("admin:articles_article_change", args=[event.article_id])
        return format_html('<a href="{}">{}</a>', url, event.article_headline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
