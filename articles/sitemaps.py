"""Sitemaps for search engines: an index of paginated sitemaps, and a Google News one.

`/sitemap.xml` is an index pointing at `/sitemap-<name>.xml?p=N` pages of at most
`SITEMAP_PAGE_SIZE` URLs each; `/news-sitemap.xml` lists the stories of the last 48
hours in the Google News format (at most 1,000, as Google asks).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from articles.models import Article, Author, Tag
from sections.models import Section

SITEMAP_PAGE_SIZE = 5000
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000


class ArticleSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return (
            Article.objects.published()
            .select_related("primary_section")
            .only("slug", "publish_at", "modified_at", "primary_section__path")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.modified_at, item.publish_at)


class SectionSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return sorted(Section.objects.tree().by_path.values(), key=lambda s: s.path)


class TagSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return (
            Tag.objects.filter(tagged_articles__content_object__in=Article.objects.published())
            .annotate(lastmod=Max("tagged_articles__content_object__publish_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.lastmod


class AuthorSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(lastmod=Max("articles__publish_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.lastmod


class StaticPageSitemap(Sitemap):
    """The public flat pages (About, Ethics, Contact…) of this site."""

    def items(self):
        return FlatPage.objects.filter(
            sites=settings.SITE_ID, registration_required=False
        ).order_by("url")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": StaticPageSitemap,
}


def news_sitemap(request):
    """Stories published in the last 48 hours, in the Google News sitemap format."""
    since = timezone.now() - timedelta(hours=NEWS_SITEMAP_HOURS)
    articles = (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .select_related("primary_section")
        .prefetch_related("tags")
        .newest_first()[:NEWS_SITEMAP_LIMIT]
    )
    site = get_current_site(request)
    context = {
        "articles": articles,
        "base_url": f"{request.scheme}://{site.domain}",
        "publication_name": settings.SITE_NAME,
        "language": (get_language() or settings.LANGUAGE_CODE).split("-")[0],
    }
    return render(request, "sitemaps/news.xml", context, content_type="application/xml")


# Paths crawlers have no business in: the admin, editors' previews, the view-count
# beacon and search results (endless combinations of the same stories).
ROBOTS_DISALLOW = ("/admin/", "/preview/", "/views/", "/search/")


def robots_txt(request):
    site = get_current_site(request)
    context = {
        "disallow": ROBOTS_DISALLOW,
        "base_url": f"{request.scheme}://{site.domain}",
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
