"""Sitemaps for search engines: an index of paginated sitemaps, and a Google News one.

`/sitemap.xml` is an index pointing at `/sitemap-<name>.xml?p=N` pages of at most
`SITEMAP_PAGE_SIZE` URLs each; `/news-sitemap.xml` lists the stories of the last 48
hours in the Google News format (at most 1,000, as Google asks). Both list every
edition's stories. Every URL is on the site's address (`SITE_URL`), not on the
`django.contrib.sites` row's domain.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import F, Max
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import edition_links
from articles.models import Article, Author, Tag
from newsroom.editions import edition_home, edition_languages
from newsroom.page_urls import page_url
from newsroom.site import absolute_url, site_domain, site_scheme
from sections.models import Section

SITEMAP_PAGE_SIZE = 5000
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on the site's address."""

    def get_domain(self, site=None):
        return site_domain()

    def get_protocol(self, protocol=None):
        return site_scheme()


class ArticleSitemap(SiteSitemap):
    """Every edition's stories, each under its own edition's address; a story with a
    published counterpart lists the pair (and `x-default`) as `xhtml:link` alternates,
    read in the same query (`with_counterpart()`) and printed by Django's sitemap
    template. Django's `i18n` option does not fit: it lists every URL once per
    language, and a story is in one edition only."""

    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return (
            Article.objects.published()
            .with_counterpart()
            .select_related("primary_section")
            .only(
                "slug",
                "language",
                "counterpart",
                "publish_at",
                "modified_at",
                "primary_section__path",
            )
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.modified_at, item.publish_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["alternates"] = sitemap_alternates(edition_links.story_alternates(url["item"]))
        return urls


def sitemap_alternates(alternates: list[edition_links.Alternate]) -> list[dict]:
    """Alternates as Django's sitemap template prints them (`xhtml:link`)."""
    return [
        {"lang_code": alternate.hreflang, "location": alternate.url} for alternate in alternates
    ]


class SectionSitemap(SiteSitemap):
    """Every section in every edition, each naming the others as alternates."""

    limit = SITEMAP_PAGE_SIZE

    def items(self):
        sections = sorted(Section.objects.tree().by_path.values(), key=lambda s: s.path)
        return [(section, language) for section in sections for language in edition_languages()]

    def location(self, item):
        section, language = item
        return page_url(section.path, language=language)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            section, _ = url["item"]
            versions = {
                language: page_url(section.path, language=language)
                for language in edition_languages()
            }
            url["alternates"] = sitemap_alternates(edition_links.alternates(versions))
        return urls


class EditionPagesSitemap(SiteSitemap):
    """Pages of one kind (`view_name`, by slug) in each edition that has published
    stories on them: `items()` gives a row of slug, edition and newest story time
    (`lastmod`) for each."""

    limit = SITEMAP_PAGE_SIZE
    view_name = ""

    def location(self, item):
        return edition_links.url_in_edition(self.view_name, item["edition"], slug=item["slug"])

    def lastmod(self, item):
        return item["lastmod"]


class TagSitemap(EditionPagesSitemap):
    view_name = "articles:tag"

    def items(self):
        return (
            Tag.objects.filter(tagged_articles__content_object__in=Article.objects.published())
            .values("slug", edition=F("tagged_articles__content_object__language"))
            .annotate(lastmod=Max("tagged_articles__content_object__publish_at"))
            .order_by("slug", "edition")
        )


class AuthorSitemap(EditionPagesSitemap):
    view_name = "articles:author"

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .values("slug", edition=F("articles__language"))
            .annotate(lastmod=Max("articles__publish_at"))
            .order_by("slug", "edition")
        )


class StaticPageSitemap(SiteSitemap):
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


@x_robots_tag
def sitemap_index(request):
    """`/sitemap.xml`: Django's sitemap index, with URLs on the site's address."""
    items, lastmods = [], []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("seo:sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        lastmods.append(lastmod)
        items.append(SitemapIndexItem(location, lastmod))
        items += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    # As Django's index does: a Last-Modified header (for 304s) when every part has one.
    headers = None
    if lastmods and None not in lastmods:
        headers = {"Last-Modified": http_date(max(lastmods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


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
    context = {
        "articles": articles,
        "base_url": settings.SITE_URL,
        "publication_name": settings.SITE_NAME,
    }
    return render(request, "sitemaps/news.xml", context, content_type="application/xml")


# Paths crawlers have no business in: the admin, and in every edition editors'
# previews, the view-count beacon and search results (endless combinations of the
# same stories).
ROBOTS_DISALLOW = ("/admin/",)
ROBOTS_DISALLOW_IN_EACH_EDITION = ("preview/", "views/", "search/")


def robots_disallow() -> list[str]:
    """`ROBOTS_DISALLOW`, then the edition paths under each edition's prefix."""
    roots = [edition_home(language) for language in edition_languages()]
    in_editions = [root + path for path in ROBOTS_DISALLOW_IN_EACH_EDITION for root in roots]
    return [*ROBOTS_DISALLOW, *in_editions]


def robots_txt(request):
    context = {
        "disallow": robots_disallow(),
        "base_url": settings.SITE_URL,
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
