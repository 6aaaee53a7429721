"""Counting views: record one, flush Redis batches into the database, prune.

Most Read and Recommended, which read these counts, are public reads like any
other: `articles.selectors`.
"""

import datetime
import logging
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from redis.exceptions import RedisError, ResponseError

from articles.models import AppliedViewFlush, Article, RecentVisit
from articles.readership import counting

logger = logging.getLogger(__name__)

# Applied-flush records are kept this long: far longer than any leftover Redis batch.
APPLIED_FLUSH_RETENTION = timedelta(days=7)


def record_view(*, article_id: int, visitor: str, earlier_visitor: str | None = None) -> bool:
    """Count one view unless this visitor was counted for this article in the window
    (just after midnight, possibly as `earlier_visitor`: see `counting.visitor_ids`).

    Returns True when the view was counted; raises `Article.DoesNotExist` when the
    article is unknown or not published. With `REDIS_URL` the view goes to a Redis hash
    that `flush_views()` moves into the database (one Redis round trip, no SQL); when
    Redis is unreachable, and without Redis, the database counts it directly.
    """
    visit = {"article_id": article_id, "visitor": visitor, "earlier_visitor": earlier_visitor}
    day = timezone.localdate()
    if settings.REDIS_URL:
        try:
            return _record_in_redis(**visit, day=day)
        except RedisError:
            logger.warning("Redis is unreachable; counting in the database", exc_info=True)
    return _record_in_database(**visit, day=day)


def _record_in_redis(
    *, article_id: int, visitor: str, earlier_visitor: str | None, day: datetime.date
) -> bool:
    visit = {"article_id": article_id, "visitor": visitor, "earlier_visitor": earlier_visitor}
    outcome = counting.count_in_redis(**visit, day=day)
    if outcome == counting.UNKNOWN_ARTICLE:
        if not counting.is_countable_article(article_id):
            raise Article.DoesNotExist(f"No published article {article_id}.")
        outcome = counting.count_in_redis(**visit, day=day)
    return outcome == 1


def _record_in_database(
    *, article_id: int, visitor: str, earlier_visitor: str | None, day: datetime.date
) -> bool:
    """The dedup claim and both increments (which check publication) in one
    transaction of three statements (four just after midnight)."""
    if not 0 < article_id <= counting.MAX_ARTICLE_ID:
        raise Article.DoesNotExist(f"No article {article_id}.")
    with transaction.atomic():
        if not counting.first_visit_in_window(
            article_id=article_id, visitor=visitor, earlier_visitor=earlier_visitor
        ):
            if not counting.is_countable_article(article_id):
                raise Article.DoesNotExist(f"No published article {article_id}.")
            return False
        if not counting.add_view_if_published(article_id=article_id, day=day):
            # Rolls the dedup claim back too.
            raise Article.DoesNotExist(f"No published article {article_id}.")
    return True


@dataclass(frozen=True)
class FlushResult:
    batches: int = 0
    views: int = 0


def flush_views() -> FlushResult:
    """Move view counts from Redis into the database; safe to run at any time.

    1. `RENAME` the live hash to a batch key of its own. The rename is atomic, so an
       increment lands either in this batch or in a fresh live hash, never nowhere.
    2. Apply every batch key found (this one and any an interrupted run left behind)
       in a transaction that also records the batch id in `AppliedViewFlush`.
    3. Delete the batch key. A run that dies before this finds the batch recorded
       next time and only deletes it, so no batch is ever added twice.
    Concurrent runs are safe too: the second insert of a batch id waits for the first
    and fails on the primary key.
    """
    prune_expired()
    if not settings.REDIS_URL:
        return FlushResult()
    redis = counting.redis_client()
    batch_id = f"{timezone.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex}"
    with suppress(ResponseError):  # No live hash: nothing counted since the last flush.
        redis.rename(counting.redis_key("live"), counting.redis_key(f"flush:{batch_id}"))
    batches = views = 0
    for key in sorted(redis.scan_iter(match=counting.redis_key("flush:*"), count=1000)):
        key = key.decode()
        applied = _apply_batch(redis, key)
        batches += applied > 0
        views += applied
        redis.delete(key)
    return FlushResult(batches=batches, views=views)


def _apply_batch(redis, key: str) -> int:
    """Add one Redis batch to the database once; returns the views it added (0 if the
    batch had been applied before)."""
    counts: dict[tuple[int, datetime.date], int] = {}
    for field, value in redis.hgetall(key).items():
        try:
            article_id, day = field.decode().split(":")
            counts[(int(article_id), datetime.date.fromisoformat(day))] = int(value)
        except ValueError:
            logger.warning("flush_views: ignoring malformed field %r in %s", field, key)
    batch_id = key.removeprefix(counting.redis_key("flush:"))
    try:
        with transaction.atomic():
            AppliedViewFlush.objects.create(flush_id=batch_id)
            counting.add_views(counts)
    except IntegrityError:
        if not AppliedViewFlush.objects.filter(flush_id=batch_id).exists():
            raise
        return 0
    return sum(n for n in counts.values() if n > 0)


def pending_views() -> int:
    """Views counted in Redis and not yet in the database."""
    if not settings.REDIS_URL:
        return 0
    redis = counting.redis_client()
    keys = [counting.redis_key("live")]
    keys += [key.decode() for key in redis.scan_iter(match=counting.redis_key("flush:*"))]
    return sum(int(value) for key in keys for value in redis.hvals(key))


def prune_expired() -> None:
    """Forget dedup claims past their window and old applied-flush records."""
    now = timezone.now()
    RecentVisit.objects.filter(expires_at__lte=now).delete()
    AppliedViewFlush.objects.filter(applied_at__lt=now - APPLIED_FLUSH_RETENTION).delete()
