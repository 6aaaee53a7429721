"""The editors' "Most viewed" page: the articles with most views today, in the last
7 days or the last 30 days, overall or in one section (subsections included).

It is the changelist of the `MostViewedArticle` proxy, so it appears under Articles in
the admin index, follows the article view permission and can change nothing. A
contributor sees how their own stories do (`roles.visible_articles`).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from articles.models import Article, MostViewedArticle
from articles.workflow import roles
from sections.models import Section

PERIODS = {"1": _("Today"), "7": _("Last 7 days"), "30": _("Last 30 days")}
DEFAULT_PERIOD = "7"
ROWS = 50


class MostViewedAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Only the list: there are no objects of this proxy to add, change or delete.
        return super().get_urls()[:1]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        period = request.GET.get("period", DEFAULT_PERIOD)
        if period not in PERIODS:
            period = DEFAULT_PERIOD
        sections = list(Section.objects.order_by("path"))
        section = next((s for s in sections if str(s.pk) == request.GET.get("section")), None)
        articles = roles.visible_articles(
            request.user, Article.objects.select_related("primary_section")
        )
        if section is not None:
            articles = articles.in_section(section)
        rows = list(articles.most_read(days=int(period))[:ROWS])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Most viewed"),
            "periods": PERIODS.items(),
            "period": period,
            "period_label": PERIODS[period],
            "sections": sections,
            "section": section,
            "rows": rows,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/most_viewed.html", context)


admin.site.register(MostViewedArticle, MostViewedAdmin)
