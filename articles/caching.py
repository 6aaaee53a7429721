"""A version for everything public about articles, in a store every process shares.

Cached lists of stories (sidebar widgets) put the version in their keys. Any change
an editor makes — a save, a delete, a bulk publish/unpublish or pick — sets a new
version, so every process rebuilds its lists on its next page. The version lives in
`caches["shared"]` (Redis, or a database table without Redis): one process's local
memory would leave the others showing old lists.

Changes that send no signal (`QuerySet.update()`, SQL) set no version; that is why
the lists hold ids, and every page passes them through `published()` again.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils.translation import get_language

from newsroom import replica
from newsroom.replica import reads_from_primary

VERSION_KEY = "articles:content-version"
_REQUEST_ATTRIBUTE = "_articles_content_version"


def _new_version() -> str:
    """A version no earlier one can equal, even after the key was evicted: lists
    cached under an old version (holding a story changed since) never come back."""
    return secrets.token_hex(8)


def content_version(request=None) -> str:
    """The current version, read once per request when `request` is given."""
    if request is not None and hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        # Another process may add one first: then its version is the one to use.
        version = _new_version()
        if not shared.add(VERSION_KEY, version, timeout=None):
            version = shared.get(VERSION_KEY) or version
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, version)
    return version


def bump_content_version() -> None:
    """Set a new version now, and again once the current transaction commits: a page
    built between the two still read the data from before the change, and the list it
    cached under the first new version must not outlive the commit. With a read
    replica, readers read from the primary for a moment (`replica.content_changed`)."""
    _set_new_version()
    replica.content_changed()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_set_new_version)
        transaction.on_commit(replica.content_changed)


def _set_new_version() -> None:
    caches["shared"].set(VERSION_KEY, _new_version(), timeout=None)


def cached_html(name: str, shown: str, render: Callable[[], str], *, version: str) -> str:
    """HTML of exactly the stories in `shown` (their ids, just passed through
    `published()`), kept under those ids, the language and the content `version`:
    what the rule allows changing changes the key, and so does any editor's change.
    """
    digest = hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
    key = f"articles:html:{name}:{get_language()}:{digest}:v{version}"
    html = cache.get(key)
    if html is None:
        with reads_from_primary():
            html = render()
        cache.set(key, html, settings.MOST_READ_CACHE_SECONDS)
    return html
