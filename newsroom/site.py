"""The site's own address, `settings.SITE_URL`: the one base of every absolute link
that leaves the request (feeds, sitemaps, robots.txt, e-mails). The request's Host
header and the `django.contrib.sites` row are never used for these."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (or an absolute URL, returned as is) on the site's address."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"


def site_domain() -> str:
    """Host and port of the site's address, e.g. `news.example` or `127.0.0.1:8000`."""
    return urlsplit(settings.SITE_URL).netloc


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"
