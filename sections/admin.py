from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.fields import URLIFY_JS
from newsroom.zawgyi_forms import ZawgyiAdminMixin
from sections.models import Section


@admin.register(Section)
class SectionAdmin(ZawgyiAdminMixin, admin.ModelAdmin):
    """Sections as an indented tree, in the order readers see them in menus."""

    list_display = [
        "indented_name",
        "path",
        "position",
        "show_in_menu",
        "show_in_footer",
        "is_featured",
        "is_active",
        "article_count",
    ]
    list_editable = ["position", "show_in_menu", "show_in_footer", "is_featured", "is_active"]
    list_filter = [
        "is_active",
        "show_in_menu",
        "is_featured",
        ("parent", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "name_my", "path", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    ordering = ["tree_order"]
    list_per_page = 200
    fields = [
        "name",
        "name_my",
        "slug",
        "parent",
        "position",
        "description",
        "show_in_menu",
        "show_in_footer",
        "is_featured",
        "is_active",
    ]

    class Media:
        js = URLIFY_JS
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("primary_articles"))

    @admin.display(description=_("name"), ordering="tree_order")
    def indented_name(self, section):
        depth = min(section.depth, 3)
        prefix = "› " if depth else ""
        return format_html('<span class="depth-{}">{}{}</span>', depth, prefix, section.name)

    @admin.display(description=_("articles"), ordering="num_articles")
    def article_count(self, section):
        return section.num_articles
