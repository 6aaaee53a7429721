"""Reads from a PostgreSQL streaming replica, where being a moment behind is harmless.

Set `DATABASE_REPLICA_URL` and settings add the `replica` database, the router and the
middleware below (docs/deploy.md, section 14). Only one kind of read goes there:
an anonymous reader's GET or HEAD of a readers' page (`PUBLIC_READ_VIEWS`: pages,
feeds, sitemaps, search), until the request writes anything. Everything else reads
from the primary, which is also where every write goes: the admin and anyone logged
in (so an editor's own saves show at once, on every page), previews, any POST,
newsletter links, management commands, migrations, threads, and reads inside a
transaction.

What outlives the request is read from the primary too: code filling a cache wraps
the reads in `reads_from_primary()` (apps may import it). A replica a moment behind
would otherwise let a reader's request cache the state from before an editor's save
under the content version that save set, for as long as the cache keeps it.

The choice is one `RequestReads` per request, held in a context variable: each thread
and each asyncio task sees its own, and code running outside a request sees none and
reads from the primary.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
ROUTER = "newsroom.replica.PrimaryReplicaRouter"

# Readers' pages, by URL name: nothing on them depends on a write made a moment ago.
# Not here, so on the primary: previews (an editor's draft), the view beacon and the
# editors' endpoints, and the newsletter's confirm and unsubscribe links (the
# subscriber they name may have signed up a second ago).
PUBLIC_READ_VIEWS = frozenset(
    [f"seo:{name}" for name in ("sitemap", "sitemap-section", "news-sitemap", "robots")]
    + [
        f"articles:{name}"
        for name in (
            "home",
            "page",
            "tag",
            "author",
            "similar",
            "corrections",
            "search",
            "suggest",
            "feed",
            "feed-atom",
            "section-feed",
            "section-feed-atom",
            "tag-feed",
            "tag-feed-atom",
            "author-feed",
            "author-feed-atom",
            "corrections-feed",
            "corrections-feed-atom",
        )
    ]
)

# Database caches (the shared content version, rate-limit counters) must read what
# they last wrote, so their tables are read on the primary whatever the request.
PRIMARY_ONLY_APPS = frozenset({"django_cache"})


@dataclass
class RequestReads:
    """Where one request's reads go: the replica once the middleware allows it, the
    primary again from the request's first write on."""

    replica_allowed: bool = False
    wrote: bool = False

    @property
    def use_replica(self) -> bool:
        return self.replica_allowed and not self.wrote


_current: ContextVar[RequestReads | None] = ContextVar("newsroom_request_reads", default=None)


def current_reads() -> RequestReads | None:
    """This request's choice; None outside a request (commands, threads, tests)."""
    return _current.get()


@contextmanager
def reads_from_primary() -> Iterator[None]:
    """Inside, this request reads from the primary: for whatever is kept beyond the
    request (a cache fill), which must be at least as new as the cache key says."""
    reads = current_reads()
    if reads is None or not reads.replica_allowed:
        yield
        return
    reads.replica_allowed = False
    try:
        yield
    finally:
        reads.replica_allowed = True


class PrimaryReplicaRouter:
    """Reads on the replica when this request allows it; writes and migrations on the
    primary. Both aliases hold the same rows, so relations between them are allowed."""

    def db_for_read(self, model, **hints):
        reads = current_reads()
        if (
            reads is None
            or not reads.use_replica
            or model._meta.app_label in PRIMARY_ONLY_APPS
            # A read inside a transaction must see what the transaction wrote.
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = current_reads()
        # A database cache's own writes (one deletes an expired key as it reads it)
        # change no content: the request may go on reading from the replica.
        if reads is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


CHANGED_KEY = "replica:content-changed-at"


def content_changed() -> None:
    """Say that content just changed: for `DATABASE_REPLICA_GRACE_SECONDS` every
    request reads from the primary, in every process. A replica a moment behind would
    otherwise let a reader's page build the caches keyed by the change's new content
    version (lists, HTML, whole pages) from the rows before it; `reads_from_primary()`
    guards the fills it wraps, this window every one of them."""
    if ROUTER in settings.DATABASE_ROUTERS:
        grace = settings.DATABASE_REPLICA_GRACE_SECONDS
        caches["shared"].set(CHANGED_KEY, time.time(), timeout=grace + 1)


def just_changed() -> bool:
    changed_at = caches["shared"].get(CHANGED_KEY)
    return changed_at is not None and time.time() - changed_at < (
        settings.DATABASE_REPLICA_GRACE_SECONDS
    )


def kept_beyond_the_request(request) -> None:
    """Say that this request's response will be kept (the whole-page cache fills it):
    like any cache fill, it reads from the primary."""
    request.is_kept_beyond_the_request = True


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Inside, reads go to the replica when there is one and it answers: for a check
    made outside any page, a moment's lag harmless (the page cache asking whether a
    kept page's stories are still published)."""
    if ROUTER not in settings.DATABASE_ROUTERS:
        yield
        return
    token = _current.set(RequestReads(replica_allowed=replica_reachable()))
    try:
        yield
    finally:
        _current.reset(token)


def is_public_read(request) -> bool:
    """An anonymous GET or HEAD of a readers' page whose answer is not kept."""
    match = request.resolver_match
    return (
        not getattr(request, "is_kept_beyond_the_request", False)
        and request.method in {"GET", "HEAD"}
        and match is not None
        and match.view_name in PUBLIC_READ_VIEWS
        and not request.user.is_authenticated
    )


def replica_reachable() -> bool:
    """Whether the replica answers; if not, the request reads from the primary.

    `ensure_connection` connects (bounded by the replica's `connect_timeout`) or, on a
    kept connection, runs Django's health check once per request.
    """
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as error:
        logger.warning("Read replica unavailable, reading from the primary: %s", error)
        return False
    return True


class ReplicaReadsMiddleware:
    """Gives each request its `RequestReads` and decides, once the URL is resolved and
    before the view runs, whether its reads may use the replica.

    It sits after AuthenticationMiddleware: asking whether the user is logged in loads
    the session and user, and that happens on the primary, before the replica is
    allowed. Reads by the 404 fallbacks below it (flat pages, redirects) follow the
    page's choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(RequestReads())
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = current_reads()
        if is_public_read(request) and not just_changed() and replica_reachable():
            reads.replica_allowed = True
