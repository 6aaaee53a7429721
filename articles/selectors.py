"""Read-only queries behind the readers' pages, each a fixed number of SQL queries.

Everything starts from `Article.objects.published()`, so nothing unpublished can
reach a page through these helpers, and loads articles in one of the queryset's
shapes (`as_links()`, `as_cards()`, `for_page()`).

Most Read and Recommended cache only story ids (`cached_per_version`), under the content
version that every editor's change replaces (`articles.caching`), and pass them
through `published()` again on every read: a story retracted by any means — the
admin, `QuerySet.update()`, SQL — drops out at once.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import IntegerField, Q, Value, prefetch_related_objects
from django.utils import timezone

from articles.caching import content_version
from articles.models import Article, Correction, TaggedArticle, bylines_in_order, page_extras
from newsroom.replica import reads_from_primary

T = TypeVar("T")

# A list keeps twice the ids it shows, so a story retracted without a signal (by
# `QuerySet.update()` or SQL) leaves a gap that the next one fills.
SPARE_IDS = 2


def links():
    """Published articles ready for headline links and small cards."""
    return Article.objects.published().as_links()


def cards():
    """Published articles ready for full cards, bylines included."""
    return Article.objects.published().as_cards()


def add_bylines(stories: list[Article]) -> None:
    """Give stories loaded as links their bylines, as cards have them (one query)."""
    prefetch_related_objects(stories, bylines_in_order())


def front_page_stories(*, limit: int) -> list[Article]:
    """The newest published stories, ready for cards: lead, top stories, latest."""
    return list(cards().newest_first()[:limit])


def article_pages():
    """Published articles' own rows for their page; `add_page_extras` completes one."""
    return Article.objects.published().page_rows()


def add_page_extras(article: Article, *, request=None) -> None:
    """Give `article` the bylines, tags, sections and corrections its page shows, as
    `for_page()` would prefetch them: four queries once per content version, then
    from the cache. Any change to them sets a new version (`articles.signals`); the
    story's own row, and with it the `published()` rule, is read on every view.
    """
    key = f"articles:page-extras:{article.pk}:v{content_version(request)}"
    extras = cache.get(key)
    if extras is None:
        with reads_from_primary():
            prefetch_related_objects([article], *page_extras())
        extras = {
            name: list(queryset) for name, queryset in article._prefetched_objects_cache.items()
        }
        cache.set(key, extras, settings.MOST_READ_CACHE_SECONDS)
        return
    article._prefetched_objects_cache = {
        name: _prefetched(getattr(article, name).model, objects) for name, objects in extras.items()
    }


def _prefetched(model, objects: list):
    """A finished queryset of `objects`, as `prefetch_related` leaves one (the same
    two attributes Django's own prefetching sets)."""
    queryset = model._default_manager.none()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def recent_corrections():
    """Corrections and update notes whose time has come, on stories `published()`
    returns, newest first, each with its story ready for a link (a QuerySet)."""
    return (
        Correction.objects.filter(
            article__in=Article.objects.published(), published_at__lte=timezone.now()
        )
        .select_related("article__primary_section")
        .defer("article__body", "article__search_vector", "article__rank_vector")
        .order_by("-published_at", "-pk")
    )


def featured_section_blocks(
    tree, *, per_section: int, exclude: list[int], request=None
) -> list[tuple]:
    """(section, its newest stories) for every featured section, ready for cards.

    A story belongs to the nearest featured section at or above its primary section,
    so nested featured sections do not repeat each other's stories. Stories in
    `exclude` (already on the page above the blocks) are left out. The blocks' ids are
    worked out once per content version and section tree (`cached_per_version`); each page
    passes them through `published()` again and loads the stories it shows.
    """
    featured = [section for section in tree.by_id.values() if section.is_featured]
    if not featured:
        return []
    name = f"featured-blocks:{tree.token}:{per_section}:{','.join(map(str, exclude))}"
    ids_by_block = cached_per_version(
        name,
        lambda: _featured_block_ids(tree, featured, SPARE_IDS * per_section, exclude),
        version=content_version(request),
    )
    live = live_ids([pk for ids in ids_by_block.values() for pk in ids])
    shown = {
        section_pk: [pk for pk in ids if pk in live][:per_section]
        for section_pk, ids in ids_by_block.items()
    }
    stories = cards().in_bulk([pk for ids in shown.values() for pk in ids])
    blocks = [
        (section, [stories[pk] for pk in shown.get(section.pk, []) if pk in stories])
        for section in featured
    ]
    return [(section, stories) for section, stories in blocks if stories]


def _featured_block_ids(tree, featured, count: int, exclude: list[int]) -> dict[int, list[int]]:
    """The `count` newest story ids of each featured section, in one query: a
    `UNION ALL` of small `LIMIT` subqueries that the section index answers, so the
    cost does not grow with the archive."""
    members = {section.pk: set(tree.descendant_ids(section)) for section in featured}
    # A featured section's own stories exclude those of featured sections inside it.
    for section in featured:
        for other in featured:
            if other.pk != section.pk and other.pk in members[section.pk]:
                members[section.pk] -= set(tree.descendant_ids(other))
    published = Article.objects.published()
    newest = [
        published.filter(
            pk__in=published.filter(primary_section_id__in=members[section.pk])
            .exclude(pk__in=exclude)
            .newest_first()
            .values("pk")[:count]
        )
        .annotate(block=Value(section.pk, output_field=IntegerField()))
        .order_by()
        .values_list("block", "publish_at", "pk")
        for section in featured
    ]
    ids: dict[int, list[int]] = {}
    for block, _, pk in sorted(newest[0].union(*newest[1:], all=True), reverse=True):
        ids.setdefault(block, []).append(pk)
    return ids


def live_ids(ids) -> set[int]:
    """Those of `ids` that `published()` returns now (one small query)."""
    if not ids:
        return set()
    return set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))


def similar_stories(article: Article):
    """Stories from the same section or sharing a tag, newest first (a QuerySet)."""
    tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
    matching = (
        Article.objects.published()
        .filter(Q(primary_section_id=article.primary_section_id) | Q(tags__in=tag_ids))
        .exclude(pk=article.pk)
        .values("pk")
    )
    return cards().filter(pk__in=matching).newest_first()


def most_read(
    *, limit: int = 5, section=None, days: int | None = None, request=None
) -> list[Article]:
    """The `limit` published stories with most views in the last `days` days
    (`MOST_READ_DAYS` by default), the newer first on ties, optionally in `section`
    (and below it); ready for links. `request` reads the content version once per page.
    """
    days = days or settings.MOST_READ_DAYS
    version = content_version(request)
    ids = _most_read_ids(limit=SPARE_IDS * limit, section=section, days=days, version=version)
    return published_in_order(ids)[:limit]


def _most_read_ids(*, limit: int, section=None, days: int, version: str) -> list[int]:
    def ranking() -> list[int]:
        articles = Article.objects.published()
        if section is not None:
            articles = articles.in_section(section)
        return list(articles.most_read(days=days).values_list("pk", flat=True)[:limit])

    section_id = section.pk if section is not None else 0
    return cached_per_version(f"most-read:{days}:{section_id}:{limit}", ranking, version=version)


def recommended(*, limit: int = 5, request=None) -> list[Article]:
    """Editor's picks, most recently picked first; when there are fewer than `limit`,
    filled with the most read stories and then the newest ones. Ready for links."""
    ids = _recommended_ids(limit=SPARE_IDS * limit, version=content_version(request))
    return published_in_order(ids)[:limit]


def _recommended_ids(*, limit: int, version: str) -> list[int]:
    def picks_then_fill() -> list[int]:
        published = Article.objects.published()
        ids = list(published.recommended().values_list("pk", flat=True)[:limit])
        if len(ids) < limit:
            days = settings.MOST_READ_DAYS
            top = _most_read_ids(limit=limit, days=days, version=version)
            ids += [pk for pk in top if pk not in ids][: limit - len(ids)]
        if len(ids) < limit:
            newest = published.exclude(pk__in=ids).newest_first()
            ids += list(newest.values_list("pk", flat=True)[: limit - len(ids)])
        return ids

    return cached_per_version(f"recommended:{limit}", picks_then_fill, version=version)


def sidebar_ids(*, limit: int = 5, request=None) -> tuple[list[int], list[int]]:
    """The ids of Most Read (`MOST_READ_DAYS`) and Recommended as `most_read()` and
    `recommended()` give them, passed through `published()` together (one query)."""
    version = content_version(request)
    days = settings.MOST_READ_DAYS
    read_ids = _most_read_ids(limit=SPARE_IDS * limit, days=days, version=version)
    picked_ids = _recommended_ids(limit=SPARE_IDS * limit, version=version)
    live = live_ids([*read_ids, *picked_ids])
    return (
        [pk for pk in read_ids if pk in live][:limit],
        [pk for pk in picked_ids if pk in live][:limit],
    )


def published_in_order(ids: list[int]) -> list[Article]:
    """The articles with these ids that `published()` returns now, in the order given,
    ready for links."""
    if not ids:
        return []
    found = links().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def cached_per_version(name: str, build: Callable[[], T], *, version: str) -> T:
    """What `build()` returns (story ids, a count), cached under the content `version`
    (an editor's change in any process starts every list afresh) and today's date (the
    Most Read window moves at midnight), for `MOST_READ_CACHE_SECONDS` but never past
    the next scheduled publish."""
    key = f"articles:ids:{name}:{timezone.localdate().isoformat()}:v{version}"
    value = cache.get(key)
    if value is None:
        with reads_from_primary():
            value = build()
        timeout = seconds_until_next_publish(settings.MOST_READ_CACHE_SECONDS, version=version)
        if timeout:
            cache.set(key, value, timeout)
    return value


NOT_CACHED = object()


def next_scheduled_publish(version: str) -> datetime | None:
    """When the next scheduled story goes live (None if none is), asked of the database
    once per content `version` rather than once per list, and again once that time
    has passed. Scheduling, rescheduling or unpublishing a story sets a new version."""
    key = f"articles:next-publish:v{version}"
    upcoming = cache.get(key, NOT_CACHED)
    if upcoming is NOT_CACHED or (upcoming is not None and upcoming <= timezone.now()):
        with reads_from_primary():
            upcoming = (
                Article.objects.scheduled()
                .order_by("publish_at")
                .values_list("publish_at", flat=True)
            ).first()
        cache.set(key, upcoming, settings.MOST_READ_CACHE_SECONDS)
    return upcoming


def seconds_until_next_publish(limit: int, *, version: str | None = None) -> int:
    """Seconds a cache may keep a list: `limit`, or less if a story is scheduled."""
    upcoming = next_scheduled_publish(version or content_version())
    if upcoming is None:
        return limit
    return max(0, min(limit, int((upcoming - timezone.now()).total_seconds())))
