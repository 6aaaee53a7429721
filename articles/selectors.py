"""Read-only queries behind the readers' pages, each a fixed number of SQL queries.

Everything starts from `Article.objects.published()`, so nothing unpublished can
reach a page through these helpers, and loads articles in one of the queryset's
shapes (`as_links()`, `as_cards()`, `for_page()`).

Most Read, Recommended and the featured blocks cache only story ids (`id_lists`: every
list a page lacks in one query), under the content version that every editor's
change replaces (`articles.caching`), and pass them through `published()` again on
every read, all of a page's lists in one query (`live_links`): a story retracted by
any means — the admin, `QuerySet.update()`, SQL — drops out at once.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone

from articles import id_lists, shown
from articles.caching import content_version
from articles.json_rows import model_instances
from articles.models import (
    Article,
    Correction,
    Tag,
    TaggedArticle,
    bylines_in_order,
    page_bylines,
)
from newsroom.replica import reads_from_primary
from sections.models import Section

T = TypeVar("T")

# A list keeps twice the ids it shows, so a story retracted without a signal (by
# `QuerySet.update()` or SQL) leaves a gap that the next one fills.
SPARE_IDS = 2
# Stories in each of the sidebar's lists (Most Read, Recommended).
SIDEBAR_SIZE = 5


def links():
    """The active edition's published articles, ready for headline links and small
    cards."""
    return Article.objects.published().in_edition().as_links()


def cards():
    """The active edition's published articles, ready for full cards, bylines included."""
    return Article.objects.published().in_edition().as_cards()


def add_bylines(stories: list[Article]) -> None:
    """Give stories loaded as links their bylines, as cards have them (one query)."""
    prefetch_related_objects(stories, bylines_in_order())


def front_page_stories(*, limit: int) -> list[Article]:
    """The newest published stories, ready for links: lead, top stories, latest. Their
    cards need bylines too (`add_bylines`, once for the whole page)."""
    return list(links().newest_first()[:limit])


def article_page(*, section_path: str, slug: str, request=None) -> Article:
    """The published article at this address with what its page shows besides the
    story — bylines with the authors' photos, tags, other sections, corrections — as
    `for_page()` would prefetch them (raises `Article.DoesNotExist`).

    The story's own row, and with it the `published()` rule and whether its
    counterpart is published (`with_counterpart()`), is read on every view.
    The rest is cached per content version (any change to it sets a new one:
    `articles.signals`); when it is not, the tags, sections and corrections come with
    the row as JSON (`with_page_lists()`) and the bylines take one more query.
    """
    key = f"articles:page-extras:{section_path}/{slug}:v{content_version(request)}"
    extras = cache.get(key)
    stories = Article.objects.published().page_rows().with_counterpart()
    if extras is not None:
        article = stories.get(primary_section__path=section_path, slug=slug)
        _note_counterpart(article)
        if extras["pk"] == article.pk:
            article._prefetched_objects_cache = {
                name: _prefetched(getattr(article, name).model, objects)
                for name, objects in extras["lists"].items()
            }
            return article
    with reads_from_primary():  # what is cached must be as new as the version says
        article = stories.with_page_lists().get(primary_section__path=section_path, slug=slug)
        prefetch_related_objects([article], page_bylines())
    _note_counterpart(article)
    article._prefetched_objects_cache.update(
        tags=_prefetched(Tag, model_instances(Tag, article.page_tags)),
        secondary_sections=_prefetched(Section, model_instances(Section, article.page_sections)),
        corrections=_prefetched(Correction, model_instances(Correction, article.page_corrections)),
    )
    lists = {name: list(objects) for name, objects in article._prefetched_objects_cache.items()}
    cache.set(key, {"pk": article.pk, "lists": lists}, settings.MOST_READ_CACHE_SECONDS)
    return article


def _note_counterpart(article: Article) -> None:
    """The page links to the published counterpart: a kept copy of it is served only
    while that story is still published too (articles/shown.py)."""
    counterpart = article.public_counterpart
    if counterpart is not None:
        shown.note((counterpart.pk,))


def _prefetched(model, objects: list):
    """A finished queryset of `objects`, as `prefetch_related` leaves one (the same
    two attributes Django's own prefetching sets)."""
    queryset = model._default_manager.none()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def recent_corrections():
    """Corrections and update notes whose time has come, on the active edition's
    stories that `published()` returns, newest first, each with its story ready for a
    link (a QuerySet)."""
    return (
        Correction.objects.filter(
            article__in=Article.objects.published().in_edition(),
            published_at__lte=timezone.now(),
        )
        .select_related("article__primary_section")
        .defer("article__body", "article__search_vector", "article__rank_vector")
        .order_by("-published_at", "-pk")
    )


def featured_section_blocks(
    tree, *, per_section: int, exclude: list[int], request=None, with_lists=()
) -> list[tuple]:
    """(section, its newest stories) for every featured section, ready for links (cards
    need `add_bylines`).

    A story belongs to the nearest featured section at or above its primary section,
    so nested featured sections do not repeat each other's stories. Stories in
    `exclude` (already on the page above the blocks) are left out. The blocks' ids are
    worked out once per content version and section tree (`id_lists`), with those of
    `with_lists` (other lists the page shows) in the same query; each page passes them
    all through `published()` again in one query (`live_links`).
    """
    featured = [section for section in tree.by_id.values() if section.is_featured]
    ids_by_block, *others = id_lists.cached(
        [_featured_blocks_list(tree, featured, per_section, exclude), *with_lists],
        version=content_version(request),
    )
    candidates = {pk for ids in ids_by_block.values() for pk in ids}
    live = live_links(candidates | id_lists.ids_in(others), request=request)
    blocks = [
        (section, [pk for pk in ids_by_block.get(section.pk, []) if pk in live][:per_section])
        for section in featured
    ]
    return [(section, [live[pk] for pk in ids]) for section, ids in blocks if ids]


def _featured_blocks_list(tree, featured, per_section: int, exclude: list[int]):
    """The `SPARE_IDS * per_section` newest story ids of each featured section (a
    featured section's own stories leave out those of featured sections inside it)."""

    def parts() -> dict[str, id_lists.Part]:
        members = {section.pk: set(tree.descendant_ids(section)) for section in featured}
        for section in featured:
            for other in featured:
                if other.pk != section.pk and other.pk in members[section.pk]:
                    members[section.pk] -= set(tree.descendant_ids(other))
        published = Article.objects.published().in_edition()
        return {
            str(section.pk): id_lists.Part(
                ids=published.filter(primary_section_id__in=members[section.pk])
                .exclude(pk__in=exclude)
                .newest_first()
                .values_list("pk", flat=True)[: SPARE_IDS * per_section]
            )
            for section in featured
        }

    return id_lists.IdList(
        name=f"featured-blocks:{tree.token}:{per_section}:{','.join(map(str, exclude))}",
        parts=parts,
        finish=lambda rows: {int(name): [pk for _, pk in found] for name, found in rows.items()},
    )


def similar_stories(article: Article):
    """Stories of its edition from the same section or sharing a tag, newest first
    (a QuerySet)."""
    tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
    matching = (
        Article.objects.published()
        .in_edition(article.language)
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
    wanted = most_read_list(limit=SPARE_IDS * limit, section=section, days=days)
    [ids] = id_lists.cached([wanted], version=content_version(request))
    return published_in_order(ids, request=request)[:limit]


def _most_read_part(*, limit: int, days: int, section=None) -> id_lists.Part:
    articles = Article.objects.published().in_edition()
    if section is not None:
        articles = articles.in_section(section)
    return id_lists.Part(
        ids=articles.most_read(days=days).values_list("pk", flat=True)[:limit],
        ranked=lambda stories: stories.most_read(days=days).annotate(rank=F("recent_views")),
    )


def most_read_list(*, limit: int, days: int, section=None) -> id_lists.IdList:
    """The ids behind `most_read()`, most viewed first."""
    section_id = section.pk if section is not None else 0
    return id_lists.IdList(
        name=f"most-read:{days}:{section_id}:{limit}",
        parts=lambda: {"top": _most_read_part(limit=limit, days=days, section=section)},
        finish=lambda rows: [pk for _, pk in rows["top"]],
    )


def recommended(*, limit: int = 5, request=None) -> list[Article]:
    """Editor's picks, most recently picked first; when there are fewer than `limit`,
    filled with the most read stories and then the newest ones. Ready for links."""
    [ids] = id_lists.cached(
        [recommended_list(limit=SPARE_IDS * limit)], version=content_version(request)
    )
    return published_in_order(ids, request=request)[:limit]


def recommended_list(*, limit: int) -> id_lists.IdList:
    """The ids behind `recommended()`: picks, then the most read, then the newest."""
    return id_lists.IdList(
        name=f"recommended:{limit}",
        parts=lambda: _recommended_parts(limit),
        finish=lambda rows: _picks_then_fill(rows, limit),
    )


def _recommended_parts(limit: int) -> dict[str, id_lists.Part]:
    published = Article.objects.published().in_edition()
    return {
        "picks": id_lists.Part(
            ids=published.recommended().values_list("pk", flat=True)[:limit],
            time="recommended_at",
        ),
        "top": _most_read_part(limit=limit, days=settings.MOST_READ_DAYS),
        # Enough to fill the list whatever the picks and the most read hold.
        "newest": id_lists.Part(
            ids=published.newest_first().values_list("pk", flat=True)[: 2 * limit]
        ),
    }


def _picks_then_fill(rows: dict[str, list], limit: int) -> list[int]:
    chosen = [pk for _, pk in rows["picks"][:limit]]
    for _, pk in [*rows["top"], *rows["newest"]]:
        if len(chosen) >= limit:
            break
        if pk not in chosen:
            chosen.append(pk)
    return chosen


def sidebar_lists(*, limit: int = SIDEBAR_SIZE) -> list[id_lists.IdList]:
    """The sidebar's Most Read (`MOST_READ_DAYS`) and Recommended, as one id list
    whose value is (Most Read ids, Recommended ids): Recommended fills from the same
    Most Read ranking, which is then asked once."""
    wanted = SPARE_IDS * limit
    return [
        id_lists.IdList(
            name=f"sidebar:{wanted}",
            parts=lambda: _recommended_parts(wanted),
            finish=lambda rows: ([pk for _, pk in rows["top"]], _picks_then_fill(rows, wanted)),
        )
    ]


def sidebar_ids(*, limit: int = SIDEBAR_SIZE, request=None) -> tuple[list[int], list[int]]:
    """The ids of Most Read and Recommended as `most_read()` and `recommended()` give
    them, passed through `published()` with the page's other stories (`live_ids`)."""
    [(read_ids, picked_ids)], worked_out = id_lists.look_up(
        sidebar_lists(limit=limit), version=content_version(request)
    )
    # Lists just worked out have no HTML cached yet: load their stories with the check.
    live = live_ids([*read_ids, *picked_ids], request=request, load=worked_out)
    return (
        [pk for pk in read_ids if pk in live][:limit],
        [pk for pk in picked_ids if pk in live][:limit],
    )


_LIVE_ATTRIBUTE = "_articles_live_stories"


def live_ids(ids, *, request=None, load: bool = False) -> set[int]:
    """Those of `ids` that `published()` returns now (one small query).

    On a page (`request` given) the answers are kept for the rest of it: a page that
    asks first for every id it may show (the view) answers its widgets without
    another query. With `load`, the same query loads the stories as links, for a
    page about to show them (`live_links`).
    """
    return _check(_page_stories(request), set(ids), load=load)


def _check(known: dict, ids: set[int], *, load: bool) -> set[int]:
    unasked = ids - known["asked"]
    if unasked and load:
        stories = links().in_bulk(unasked)
        known["loaded"].update(stories)
        known["live"].update(stories)
    elif unasked:
        published = Article.objects.published().filter(pk__in=unasked)
        live = set(published.values_list("pk", flat=True))
        known["live"].update(live)
        # Loaded stories are noted as they load; these ids show as cached HTML.
        shown.note(live)
    known["asked"] |= unasked
    return ids & known["live"]


def live_links(ids, *, request=None) -> dict[int, Article]:
    """Those of `ids` that `published()` returns now, loaded as links, by id. On a
    page, the first call that needs stories loads every live one the page has asked
    about (one query; its widgets show them too)."""
    known = _page_stories(request)
    live = _check(known, set(ids), load=True)
    unloaded = known["live"] - known["loaded"].keys()
    if live - known["loaded"].keys():
        known["loaded"].update(links().in_bulk(unloaded))
    return {pk: known["loaded"][pk] for pk in live if pk in known["loaded"]}


def _page_stories(request) -> dict:
    """What this page has asked about stories (a fresh record without a request)."""
    known = getattr(request, _LIVE_ATTRIBUTE, None)
    if known is None:
        known = {"asked": set(), "live": set(), "loaded": {}}
        if request is not None:
            setattr(request, _LIVE_ATTRIBUTE, known)
    return known


def published_in_order(ids: list[int], *, request=None) -> list[Article]:
    """The articles with these ids that `published()` returns now, in the order given,
    ready for links."""
    if not ids:
        return []
    found = live_links(ids, request=request)
    return [found[pk] for pk in ids if pk in found]


def cached_per_version(name: str, build: Callable[[], T], *, version: str) -> T:
    """What `build()` returns (story ids, a count), cached under the content `version`
    (an editor's change in any process starts every list afresh) and today's date (the
    Most Read window moves at midnight), for `MOST_READ_CACHE_SECONDS` but never past
    the next scheduled publish. Lists a page shows together: `id_lists.cached`."""
    key = id_lists.list_key(name, version)
    value = cache.get(key)
    if value is None:
        with reads_from_primary():
            value = build()
        timeout = seconds_until_next_publish(settings.MOST_READ_CACHE_SECONDS, version=version)
        if timeout:
            cache.set(key, value, timeout)
    return value


def seconds_until_next_publish(limit: int, *, version: str | None = None) -> int:
    """Seconds a cache may keep a list: `limit`, or less if a story is scheduled."""
    return id_lists.seconds_until_next_publish(limit, version=version or content_version())
