"""Whole pages for anonymous readers, kept and served without running the view.

What is kept: the answer to an anonymous reader's GET of a page marked `public_page`
in the URLconf (home, sections, stories, tags, authors, search, feeds, sitemaps, flat
pages, the newsletter page): status 200, no cookie set, nothing private — the same
bytes for every anonymous reader. A request carrying a session cookie (a signed-in
reader or an editor) or a messages cookie is never served from, nor stored in, the
cache, and its answer says `private, no-cache`; a CSRF cookie alone does not count
(README: Signed-in readers and the caches). Previews, POSTs and the admin are never
marked.

Never stale: the key holds the content version (`articles.caching`), which every
editor's change sets anew in every process — saves, deletes, link changes, and
`QuerySet.update()`/bulk writes on public content (`newsroom.querysets`). A page is
kept for `PAGE_CACHE_SECONDS` but never past the next scheduled publish time, so a
scheduled story is on the first page built after its time. And a kept page is served
only while every story on it is still published (one query): a story retracted by
SQL, which tells no cache, is gone from the next page too. With a read replica
(newsroom/replica.py), pages are built from the primary, as every cache fill is, and
that check reads from the replica.

Honest HTTP for nginx or a CDN in front: `Cache-Control: public, max-age=0` (browsers
ask again every time and get a 304 while nothing changed) with `s-maxage` and
`stale-while-revalidate` for shared caches (`PAGE_CACHE_SHARED_SECONDS`,
`PAGE_CACHE_STALE_SECONDS`, both cut short by the next scheduled publish), a strong
`ETag` and `Last-Modified`; `Vary` stays what the page needs (none: the address says the language).
"""

import hashlib
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.flatpages.middleware import FlatpageFallbackMiddleware
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles import shown
from articles.caching import content_version
from articles.id_lists import next_scheduled_publish
from articles.live_check import LiveCheck
from newsroom import replica
from newsroom.editions import language_of_path

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})
# Response headers a kept page is replayed with; the rest (Date, security headers,
# the Content-Security-Policy) are added afresh by the middleware around this one.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Link")
PERSONAL_CACHE_DIRECTIVES = ("private", "no-store", "no-cache")


def public_page(view):
    """Mark `view`'s answers as the same for every anonymous reader: the page cache
    may keep them and shared caches may too (see the module docstring)."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    marked.is_public_page = True
    return marked


class PublicFlatpageFallbackMiddleware(FlatpageFallbackMiddleware):
    """Flat pages (About, Code of Ethics…) as public pages. One an editor restricted to
    signed-in users answers an anonymous reader with a redirect, which is not kept."""

    def process_response(self, request, response):
        answer = super().process_response(request, response)
        if answer is not response:
            answer.is_public_page = True
        return answer


@dataclass(frozen=True)
class KeptPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    # The stories on the page (articles/shown.py): the copy is served only while
    # `published()` still returns every one of them, so a story retracted by SQL or
    # any other way that tells no cache leaves every page at once. None: no stories.
    live_check: LiveCheck | None
    built_at: float
    # When the next scheduled story goes live (infinity if none is): no copy of this
    # page, here or in a shared cache, may be used after it.
    deadline: float

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class PageCacheMiddleware:
    """Serve and keep anonymous readers' public pages (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not serves_public_page(request):
            return self.get_response(request)
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if getattr(response, "is_public_page", False):
                # The same page, but this reader may see more: no shared cache keeps it.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = page_key(request) if settings.PAGE_CACHE_SECONDS else None
        kept = cache.get(key) if key else None
        if kept is not None and still_true(kept):
            return answer_from(request, kept, hit=True)
        if key:
            replica.kept_beyond_the_request(request)
        with shown.noting() as story_ids:
            response = self.get_response(request)
        if not may_keep(response):
            return response
        kept = keep(key, response, story_ids=story_ids, request=request)
        return answer_from(request, kept, hit=False, response=response)


def serves_public_page(request) -> bool:
    """Whether the address is one of a `public_page` view (asked of the URLconf,
    which caches its answers), so that no other request pays for a cache lookup."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def is_anonymous_read(request) -> bool:
    return (
        request.method in CACHEABLE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def page_key(request) -> str | None:
    """The key of this request's page: address, language, today's date (in the page
    header) and content version; None for a host we do not serve (the request goes on
    to its 400)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    # The address's own (newsroom/editions.py): never the browser's Accept-Language.
    language = language_of_path(request.path_info)
    today = timezone.localdate().isoformat()
    return f"page:{language}:{today}:{digest}:v{content_version(request)}"


def may_keep(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, "is_public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in PERSONAL_CACHE_DIRECTIVES)
        and "cookie" not in response.get("Vary", "").lower()
    )


def still_true(kept: KeptPage) -> bool:
    """Before its deadline, and every story on it still published (one query)."""
    if time.time() >= kept.deadline:
        return False
    return kept.live_check is None or kept.live_check.passes()


def keep(key: str | None, response, *, story_ids: set[int], request) -> KeptPage:
    """The page as kept: stored for `PAGE_CACHE_SECONDS`, or until its deadline if
    that comes sooner."""
    upcoming = next_scheduled_publish(content_version(request))
    now = time.time()
    content = response.content
    kept = KeptPage(
        status=response.status_code,
        headers=tuple((name, response[name]) for name in KEPT_HEADERS if name in response),
        content=content,
        etag=f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"',
        live_check=LiveCheck.of(story_ids) if story_ids else None,
        built_at=now,
        deadline=math.inf if upcoming is None else upcoming.timestamp(),
    )
    lifetime = int(min(settings.PAGE_CACHE_SECONDS, kept.deadline - now))
    if key and lifetime > 0:
        cache.set(key, kept, lifetime)
    return kept


def answer_from(request, kept: KeptPage, *, hit: bool, response=None):
    """The kept page (or the response just rendered) with its HTTP caching headers,
    or a 304 when the reader's copy is still this one."""
    if response is None:
        response = kept.response()
    response["ETag"] = kept.etag
    response["Last-Modified"] = http_date(kept.built_at)
    left = max(0, kept.deadline - time.time())
    shared = int(min(settings.PAGE_CACHE_SHARED_SECONDS, left))
    stale = int(min(settings.PAGE_CACHE_STALE_SECONDS, left - shared))
    if shared:
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=shared, stale_while_revalidate=stale
        )
    else:
        patch_cache_control(response, public=True, no_cache=True)
    response["X-Page-Cache"] = "hit" if hit else "miss"
    return get_conditional_response(
        request, etag=kept.etag, last_modified=int(kept.built_at), response=response
    )
