"""The site's own address, `settings.SITE_URL`: the one base of every absolute link
(feeds, sitemaps, robots.txt, canonical and OpenGraph links, JSON-LD, share links,
e-mails and their Message-IDs). The request's Host header and the
`django.contrib.sites` row are never used for these."""

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


def site_host() -> str:
    """Host name of the site's address without the port, e.g. `news.example`: the
    domain of e-mail Message-IDs and List-Ids."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"
