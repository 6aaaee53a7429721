"""The stories around a story on its page: Related, You may also like, Similar picks,
and the previous and next stories in its section.

Working them out from tags and sections takes several queries, so it happens once
per story and content version (`articles.caching`: every editor's change sets a new
one), and only the story ids are cached, never past the next scheduled publish. Each
page view passes the ids through `published()` again, in one fetch for every block: a
story retracted without a signal (`QuerySet.update()`, SQL) drops out at once, and the
spare ids each list keeps fill its place.
"""

from dataclasses import dataclass, field
from heapq import merge

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from articles import selectors
from articles.caching import content_version
from articles.models import Article

RELATED_COUNT = 3
ALSO_LIKE_COUNT = 5
SIMILAR_PAGE_SIZE = 5
# Ids kept beyond what a block shows, for stories retracted since the lists were made.
SPARE = 2


@dataclass
class AroundStory:
    """The stories shown around one article, each list ready for cards."""

    related: list[Article] = field(default_factory=list)
    also_like: list[Article] = field(default_factory=list)
    similar: list[Article] = field(default_factory=list)
    more_similar: bool = False
    previous: Article | None = None
    next: Article | None = None


def around_story(article: Article, *, request=None) -> AroundStory:
    """The blocks around `article`, in three queries: which of its cached ids
    `published()` returns now, then the stories shown (as links, and the similar
    picks' bylines).

    `article` must come with its tags prefetched (`Article.objects.for_page()`).
    """
    ids = story_ids(article, version=content_version(request))
    wanted = {pk for pks in ids.values() for pk in pks}
    live = selectors.live_ids(wanted)

    def first(name: str, count: int, *, besides=()) -> list[int]:
        return [pk for pk in ids[name] if pk in live and pk not in besides][:count]

    related = first("related", RELATED_COUNT)
    also_like = first("section", ALSO_LIKE_COUNT, besides=related)
    # One story more than a page tells whether "Load more" has anything to load.
    similar = first("similar", SIMILAR_PAGE_SIZE + 1)
    previous, following = first("previous", 1), first("next", 1)
    shown = {*related, *also_like, *similar[:SIMILAR_PAGE_SIZE], *previous, *following}
    found = selectors.links().in_bulk(shown) if shown else {}
    similar_stories = [found[pk] for pk in similar[:SIMILAR_PAGE_SIZE] if pk in found]
    selectors.add_bylines(similar_stories)

    def stories(pks: list[int]) -> list[Article]:
        return [found[pk] for pk in pks if pk in found]

    return AroundStory(
        related=stories(related),
        also_like=stories(also_like),
        similar=similar_stories,
        more_similar=len(similar) > SIMILAR_PAGE_SIZE,
        previous=next(iter(stories(previous)), None),
        next=next(iter(stories(following)), None),
    )


def story_ids(article: Article, *, version: str) -> dict[str, list[int]]:
    """The id lists behind `around_story`, cached under the content `version`."""
    # The publish time is in the key: a preview of an unscheduled draft sits at "now".
    placed_at = article.publish_at.isoformat() if article.publish_at else "draft"
    key = f"articles:around:{article.pk}:{placed_at}:v{version}"
    ids = cache.get(key)
    if ids is None:
        ids = _work_out_ids(article)
        timeout = selectors.seconds_until_next_publish(
            settings.MOST_READ_CACHE_SECONDS, version=version
        )
        if timeout and article.publish_at:
            cache.set(key, ids, timeout)
    return ids


def _work_out_ids(article: Article) -> dict[str, list[int]]:
    """Each list from queries an index answers, ids only; the spare ids included."""
    published = Article.objects.published().exclude(pk=article.pk)
    tag_ids = [tag.pk for tag in article.tags.all()]
    # "You may also like" leaves out the related stories shown above it.
    section_count = ALSO_LIKE_COUNT + RELATED_COUNT + SPARE
    similar_count = SIMILAR_PAGE_SIZE + 1 + SPARE
    in_section = list(
        published.filter(primary_section_id=article.primary_section_id)
        .newest_first()
        .values_list("publish_at", "pk")[: max(section_count, similar_count)]
    )
    sharing_a_tag = (
        list(
            published.filter(pk__in=_tagged(tag_ids))
            .newest_first()
            .values_list("publish_at", "pk")[:similar_count]
        )
        if tag_ids
        else []
    )
    return {
        "related": _related_ids(article, published, tag_ids),
        "section": [pk for _, pk in in_section[:section_count]],
        "similar": _newest_of_both(in_section, sharing_a_tag, similar_count),
        **_previous_and_next_ids(article, published),
    }


def _tagged(tag_ids: list[int]):
    return Article.tags.through.objects.filter(tag_id__in=tag_ids).values("content_object_id")


def _related_ids(article: Article, published, tag_ids: list[int]) -> list[int]:
    """Hand-picked related stories first (newest first), then those sharing most tags."""
    wanted = RELATED_COUNT + SPARE
    picked = Article.related_articles.through.objects.filter(from_article_id=article.pk)
    ids = list(
        published.filter(pk__in=picked.values("to_article_id"))
        .newest_first()
        .values_list("pk", flat=True)[:wanted]
    )
    if len(ids) >= wanted or not tag_ids:
        return ids
    by_shared_tags = (
        published.filter(tags__in=tag_ids)
        .exclude(pk__in=ids)
        .values("pk")
        .annotate(shared_tags=Count("pk"))
        .order_by("-shared_tags", "-publish_at", "-pk")
        .values_list("pk", flat=True)
    )
    return ids + list(by_shared_tags[: wanted - len(ids)])


def _newest_of_both(first: list[tuple], second: list[tuple], count: int) -> list[int]:
    """The `count` newest ids of two newest-first (publish time, id) lists, once each."""
    ids: list[int] = []
    for _, pk in merge(first, second, reverse=True):
        if pk not in ids:
            ids.append(pk)
        if len(ids) == count:
            break
    return ids


def _previous_and_next_ids(article: Article, published) -> dict[str, list[int]]:
    """The stories just before and just after this one in its section (and a spare).

    `publish_at ≤ / ≥ the story's time` lets the section index answer; a story at the
    very same time goes before or after by id, as in the newest-first order.
    """
    # An unscheduled draft (seen in a preview) sits where it would go if published now.
    at, pk = article.publish_at or timezone.now(), article.pk
    same_section = published.filter(primary_section_id=article.primary_section_id)
    before = same_section.filter(publish_at__lte=at).order_by("-publish_at", "-pk")
    after = same_section.filter(publish_at__gte=at).order_by("publish_at", "pk")
    wanted = 1 + SPARE
    return {
        "previous": [
            other
            for when, other in before.values_list("publish_at", "pk")[: wanted + SPARE]
            if when < at or other < pk
        ][:wanted],
        "next": [
            other
            for when, other in after.values_list("publish_at", "pk")[: wanted + SPARE]
            if when > at or other > pk
        ][:wanted],
    }
