"""A version number for everything public about articles, kept in the shared cache.

Cached lists of stories (sidebar widgets) put the version in their keys. Any change
an editor makes — a save, a delete, a bulk publish/unpublish or pick — bumps it, so an
unpublished story leaves every cached list at once instead of when a timeout ends.
"""

import time

from django.core.cache import cache

VERSION_KEY = "articles:content-version"


def _fresh_version() -> int:
    """A starting version no earlier one can equal: the clock in microseconds. Were
    the version to restart at 1 after an eviction, lists cached under an old "v1"
    (holding a story unpublished since) would be served again."""
    return time.time_ns() // 1000


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY) or _fresh_version()
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted or never read): a fresh start
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
