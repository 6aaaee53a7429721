"""A version number for everything public about articles, kept in the shared cache.

Cached lists of stories (sidebar widgets) put the version in their keys. Any change
an editor makes — a save, a delete, a bulk publish/unpublish or pick — bumps it, so an
unpublished story leaves every cached list at once instead of when a timeout ends.
"""

from django.core.cache import cache

VERSION_KEY = "articles:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted or never read): any new value will do
        cache.add(VERSION_KEY, 1, timeout=None)
