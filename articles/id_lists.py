"""Lists of story ids a page shows, every list the cache lacks worked out in one query.

A page shows several lists of stories: Most Read, Recommended, the blocks around a
story. Each is made of a few small `LIMIT` queries that an index answers. Run one by
one, a page with empty caches would spend a query on each; here every part of every
list the cache does not hold goes into one `UNION ALL`, each row labelled with its
part and carrying what orders it, and the lists are finished in Python.

Each edition (the active language: newsroom/editions.py) has its own lists, cached
apart. Lists are cached, ids only, under the content version (`articles.caching`) and
today's date (the Most Read window moves at midnight), never past the next scheduled
publish: when that time is not cached either, it is asked in the same query. Pages
pass the ids through `published()` again before showing them (`selectors.live_links`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, IntegerField, QuerySet, Value
from django.utils import timezone

from articles.models import Article
from newsroom.editions import edition_language
from newsroom.replica import reads_from_primary

# (rank, time, publish time, id): what a part's rows are ordered by, in this order.
Row = tuple[int, datetime | None, datetime, int]


def _unranked(stories: QuerySet) -> QuerySet:
    return stories.annotate(rank=Value(0, output_field=IntegerField()))


@dataclass(frozen=True)
class Part:
    """One `LIMIT` query of a list: `ids` is a sliced, ordered queryset of story ids.

    Its rows come back in no order; they are put back in order by rank (`ranked`
    annotates it on the stories, e.g. their views), then `time` (a datetime field),
    then publish time and id — newest first, or oldest first when `ascending`.
    """

    ids: QuerySet
    ranked: Callable[[QuerySet], QuerySet] = _unranked
    time: str = "publish_at"
    ascending: bool = False

    def sort(self, rows: list[Row]) -> list[Row]:
        def key(row: Row):
            rank, time, publish_at, pk = row
            return rank, time is not None, time or publish_at, publish_at, pk

        return sorted(rows, key=key, reverse=not self.ascending)


@dataclass(frozen=True)
class IdList:
    """A cached list (or a few related ones). `parts()` gives its `Part`s by name, and
    is called only when the list is not cached (building querysets costs time a warm
    page need not spend); `finish` makes the value to cache from each part's stories,
    in order, as (publish time, id) pairs."""

    name: str
    parts: Callable[[], dict[str, Part]]
    finish: Callable[[dict[str, list[tuple[datetime, int]]]], Any]


NOT_CACHED = object()


def _next_publish_key(version: str) -> str:
    return f"articles:next-publish:v{version}"


def list_key(name: str, version: str) -> str:
    """A list's key: each edition lists its own stories (`in_edition()`)."""
    day = timezone.localdate().isoformat()
    return f"articles:ids:{edition_language()}:{name}:{day}:v{version}"


class Found(NamedTuple):
    values: list
    # Some list was missing from the cache and was worked out now: HTML made from the
    # lists cannot have been cached under this version yet.
    worked_out: bool


def cached(lists: list[IdList], *, version: str) -> list:
    """Each list's value, from the cache or, for all those missing, one query."""
    return look_up(lists, version=version).values


def look_up(lists: list[IdList], *, version: str) -> Found:
    """Each list's value as `cached()` gives it, and whether any was worked out now."""
    keys = [list_key(id_list.name, version) for id_list in lists]
    found = cache.get_many(keys)
    missing = {key: id_list for key, id_list in zip(keys, lists, strict=True) if key not in found}
    if missing:
        upcoming = _cached_next_publish(version)
        with reads_from_primary():
            values, asked = _work_out(
                list(missing.values()), ask_next_publish=upcoming is NOT_CACHED
            )
        if upcoming is NOT_CACHED:
            upcoming = asked
            cache.set(_next_publish_key(version), upcoming, settings.MOST_READ_CACHE_SECONDS)
        found.update(zip(missing, values, strict=True))
        timeout = _seconds_until(upcoming, settings.MOST_READ_CACHE_SECONDS)
        if timeout:
            cache.set_many(dict(zip(missing, values, strict=True)), timeout)
    return Found([found[key] for key in keys], worked_out=bool(missing))


def ids_in(value) -> set[int]:
    """Every story id in a list's value (ids, nested in lists, tuples and dicts)."""
    if isinstance(value, int):
        return {value}
    if isinstance(value, dict):
        value = value.values()
    return set().union(*(ids_in(item) for item in value))


def work_out(lists: list[IdList]) -> list:
    """Each list's value, worked out now in one query and not cached."""
    values, _ = _work_out(lists, ask_next_publish=False)
    return values


def _work_out(lists: list[IdList], *, ask_next_publish: bool) -> tuple[list, datetime | None]:
    # Taken before the parts' `published()`: a story whose time comes while they are
    # built is then both listed and "next" (the lists are not cached), never neither.
    started = timezone.now()
    parts = [
        (index, name, part)
        for index, id_list in enumerate(lists)
        for name, part in id_list.parts().items()
    ]
    queries = [
        part.ranked(Article.objects.filter(pk__in=part.ids))
        .annotate(part=Value(number, output_field=IntegerField()), time=F(part.time))
        .order_by()
        .values_list("part", "rank", "time", "publish_at", "pk")
        for number, (_, _, part) in enumerate(parts)
    ]
    if ask_next_publish:
        scheduled = Article.objects.scheduled(after=started)
        soonest = scheduled.order_by("publish_at", "pk").values("pk")[:1]
        queries.append(
            _unranked(Article.objects.filter(pk__in=soonest))
            .annotate(part=Value(len(parts), output_field=IntegerField()), time=F("publish_at"))
            .order_by()
            .values_list("part", "rank", "time", "publish_at", "pk")
        )
    rows_by_part: dict[int, list[Row]] = {}
    if queries:
        for number, *row in queries[0].union(*queries[1:], all=True):
            rows_by_part.setdefault(number, []).append(tuple(row))
    found: list[dict[str, list[tuple[datetime, int]]]] = [{} for _ in lists]
    for number, (index, name, part) in enumerate(parts):
        rows = part.sort(rows_by_part.get(number, []))
        found[index][name] = [(publish_at, pk) for _, _, publish_at, pk in rows]
    soonest_row = rows_by_part.get(len(parts))
    upcoming = soonest_row[0][2] if soonest_row else None
    values = [id_list.finish(stories) for id_list, stories in zip(lists, found, strict=True)]
    return values, upcoming


def _cached_next_publish(version: str):
    """When the next scheduled story goes live, as cached for this content `version`
    (None if none is scheduled); `NOT_CACHED` when it must be asked again."""
    upcoming = cache.get(_next_publish_key(version), NOT_CACHED)
    if upcoming is not NOT_CACHED and upcoming is not None and upcoming <= timezone.now():
        return NOT_CACHED
    return upcoming


def next_scheduled_publish(version: str) -> datetime | None:
    """When the next scheduled story goes live (None if none is), asked of the database
    once per content `version` rather than once per list, and again once that time
    has passed. Scheduling, rescheduling or unpublishing a story sets a new version."""
    upcoming = _cached_next_publish(version)
    if upcoming is NOT_CACHED:
        with reads_from_primary():
            upcoming = (
                Article.objects.scheduled()
                .order_by("publish_at")
                .values_list("publish_at", flat=True)
            ).first()
        cache.set(_next_publish_key(version), upcoming, settings.MOST_READ_CACHE_SECONDS)
    return upcoming


def _seconds_until(upcoming: datetime | None, limit: int) -> int:
    if upcoming is None:
        return limit
    return max(0, min(limit, int((upcoming - timezone.now()).total_seconds())))


def seconds_until_next_publish(limit: int, *, version: str) -> int:
    """Seconds a cache may keep a list: `limit`, or less if a story is scheduled."""
    return _seconds_until(next_scheduled_publish(version), limit)
