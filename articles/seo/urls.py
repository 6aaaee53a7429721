"""The site-wide addresses search engines read: one sitemap index for every edition
(each story listing its counterparts), the Google News sitemap and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles.page_cache import public_page
from articles.seo import sitemaps

app_name = "seo"

SITEMAP_PAGES = {"sitemaps": sitemaps.SITEMAPS}

urlpatterns = [
    path("sitemap.xml", public_page(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        SITEMAP_PAGES,
        name="sitemap-section",
    ),
    path("news-sitemap.xml", public_page(sitemaps.news_sitemap), name="news-sitemap"),
    path("robots.txt", public_page(sitemaps.robots_txt), name="robots"),
]
