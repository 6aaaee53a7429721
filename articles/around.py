"""The stories around a story on its page: Related, You may also like, Similar picks,
and the previous and next stories in its section.

Working them out from tags and sections takes several queries, so it happens once
per story and content version (`articles.caching`: every editor's change sets a new
one), and only the story ids are cached, never past the next scheduled publish. Each
page view passes the ids through `published()` again (one small query): a story
retracted without a signal (`QuerySet.update()`, SQL) drops out at once, and the spare
ids each list keeps fill its place. The blocks' HTML is cached under exactly the ids
shown, so it is rendered again whenever what the rule allows changes.
"""

from dataclasses import dataclass
from heapq import merge

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from articles import id_lists, selectors
from articles.caching import cached_html, content_version
from articles.models import Article

RELATED_COUNT = 3
ALSO_LIKE_COUNT = 5
SIMILAR_PAGE_SIZE = 5
# Ids kept beyond what a block shows, for stories retracted since the lists were made.
SPARE = 2


@dataclass
class AroundStory:
    """The blocks around one article as HTML ("" where a block has no story)."""

    related: str = ""
    also_like: str = ""
    similar: str = ""
    more_similar: bool = False
    previous: str = ""
    next: str = ""


# Each piece is rendered from these templates, the stories given as `stories` (or
# `story` for the single links).
TEMPLATES = {
    "related": "articles/around/related.html",
    "also_like": "articles/around/also_like.html",
    "similar": "articles/around/similar.html",
    "previous": "articles/around/previous.html",
    "next": "articles/around/next.html",
}


def around_story(article: Article, *, request=None, with_lists=()) -> AroundStory:
    """The blocks around `article`, in one query when their HTML is cached, two or
    three when it is not.

    The blocks' id lists and those of `with_lists` (other lists the page shows, such
    as the sidebar's: `id_lists.IdList`) come from the cache, or from one query
    together. Then all their ids go through `published()` together (one small query,
    `selectors.live_ids`; it loads the stories too when the lists were just worked
    out, so no HTML can be cached for them): what is shown is always what the rule
    allows now. The HTML of exactly those stories is kept under the
    content version, the language and the ids shown, so a story retracted by any
    means changes the key at once; an editor's change sets a new version. View counts
    on the cards may lag by up to `MOST_READ_CACHE_SECONDS`.

    `article` must come with its tags (`Article.objects.for_page()`, or
    `selectors.article_page()`).
    """
    version = content_version(request)
    (ids, *others), worked_out = _cached_ids(article, with_lists=list(with_lists), version=version)
    everything = id_lists.ids_in(ids) | id_lists.ids_in(others)
    # Lists just worked out have no HTML cached yet: load their stories with the check.
    live = selectors.live_ids(everything, request=request, load=worked_out)

    def first(name: str, count: int, *, besides=()) -> list[int]:
        return [pk for pk in ids[name] if pk in live and pk not in besides][:count]

    related = first("related", RELATED_COUNT)
    # One story more than a page tells whether "Load more" has anything to load.
    similar = first("similar", SIMILAR_PAGE_SIZE + 1)
    shown = {
        "related": related,
        "also_like": first("section", ALSO_LIKE_COUNT, besides=related),
        "similar": similar[:SIMILAR_PAGE_SIZE],
        "previous": first("previous", 1),
        "next": first("next", 1),
    }
    listed = ";".join(f"{name}={','.join(map(str, pks))}" for name, pks in shown.items())
    html = cached_html("around", listed, lambda: _render(shown, request), version=version)
    return AroundStory(**html, more_similar=len(similar) > SIMILAR_PAGE_SIZE)


def _render(shown: dict[str, list[int]], request) -> dict[str, str]:
    """Each block's HTML, from the page's stories (`selectors.live_links`: loaded at
    most once per page) and the cards' bylines."""
    found = selectors.live_links({pk for pks in shown.values() for pk in pks}, request=request)
    stories = {name: [found[pk] for pk in pks] for name, pks in shown.items()}
    selectors.add_bylines(stories["similar"])
    html = {}
    for name, template in TEMPLATES.items():
        if not stories[name]:
            html[name] = ""
        elif name in ("previous", "next"):
            html[name] = render_to_string(template, {"story": stories[name][0]})
        else:
            html[name] = render_to_string(template, {"stories": stories[name]})
    return html


def story_ids(article: Article, *, version: str) -> dict[str, list[int]]:
    """The id lists behind `around_story`, cached under the content `version`."""
    [ids], _ = _cached_ids(article, with_lists=[], version=version)
    return ids


def _cached_ids(article: Article, *, with_lists: list, version: str) -> id_lists.Found:
    """The story's id lists, then the values of `with_lists`, in one query at most."""
    if article.publish_at is None:
        # A preview of an unscheduled draft sits at "now", which moves on.
        others = id_lists.cached(with_lists, version=version)
        return id_lists.Found([*id_lists.work_out([_id_list(article)]), *others], True)
    return id_lists.look_up([_id_list(article), *with_lists], version=version)


def _id_list(article: Article) -> id_lists.IdList:
    """Each list as `LIMIT` queries an index answers, ids only; the spare ids included."""
    # "You may also like" leaves out the related stories shown above it.
    section_count = ALSO_LIKE_COUNT + RELATED_COUNT + SPARE
    similar_count = SIMILAR_PAGE_SIZE + 1 + SPARE
    related_count = RELATED_COUNT + SPARE

    def parts() -> dict[str, id_lists.Part]:
        # Its own edition's stories only, whichever edition shows it (a preview).
        published = Article.objects.published().in_edition(article.language).exclude(pk=article.pk)
        tag_ids = [tag.pk for tag in article.tags.all()]
        in_section = published.filter(primary_section_id=article.primary_section_id)
        picked = Article.related_articles.through.objects.filter(from_article_id=article.pk)
        picked_ids = picked.values("to_article_id")
        parts = {
            # Hand-picked related stories first (newest first), then those sharing most tags.
            "picked": _newest(published.filter(pk__in=picked_ids), related_count),
            "section": _newest(in_section, max(section_count, similar_count)),
            **_previous_and_next_parts(article, in_section),
        }
        if tag_ids:
            sharing = published.filter(pk__in=_tagged(tag_ids))
            parts["sharing_a_tag"] = _newest(sharing, similar_count)
            parts["most_tags"] = id_lists.Part(
                ids=published.filter(tags__in=tag_ids)
                .exclude(pk__in=picked_ids)
                .values("pk")
                .annotate(shared_tags=Count("pk"))
                .order_by("-shared_tags", "-publish_at", "-pk")
                .values_list("pk", flat=True)[:related_count],
                ranked=lambda stories: stories.filter(tags__in=tag_ids).annotate(rank=Count("pk")),
            )
        return parts

    def finish(rows: dict[str, list]) -> dict[str, list[int]]:
        related = [pk for _, pk in rows["picked"] + rows.get("most_tags", [])]
        return {
            "related": related[:related_count],
            "section": [pk for _, pk in rows["section"][:section_count]],
            "similar": _newest_of_both(
                rows["section"], rows.get("sharing_a_tag", []), similar_count
            ),
            **_previous_and_next_ids(article, rows),
        }

    return id_lists.IdList(
        name=f"around:{article.pk}:{article.publish_at and article.publish_at.isoformat()}",
        parts=parts,
        finish=finish,
    )


def _newest(stories, count: int) -> id_lists.Part:
    return id_lists.Part(ids=stories.newest_first().values_list("pk", flat=True)[:count])


def _tagged(tag_ids: list[int]):
    return Article.tags.through.objects.filter(tag_id__in=tag_ids).values("content_object_id")


def _newest_of_both(first: list[tuple], second: list[tuple], count: int) -> list[int]:
    """The `count` newest ids of two newest-first (publish time, id) lists, once each."""
    ids: list[int] = []
    for _, pk in merge(first, second, reverse=True):
        if pk not in ids:
            ids.append(pk)
        if len(ids) == count:
            break
    return ids


def _previous_and_next_parts(article: Article, same_section) -> dict[str, id_lists.Part]:
    """The stories just before and just after this one in its section, with spares.

    `publish_at ≤ / ≥ the story's time` lets the section index answer; a story at the
    very same time goes before or after by id (`_previous_and_next_ids`).
    """
    at = _place(article)
    before = same_section.filter(publish_at__lte=at).order_by("-publish_at", "-pk")
    after = same_section.filter(publish_at__gte=at).order_by("publish_at", "pk")
    wanted = 1 + SPARE + SPARE
    return {
        "before": id_lists.Part(ids=before.values_list("pk", flat=True)[:wanted]),
        "after": id_lists.Part(ids=after.values_list("pk", flat=True)[:wanted], ascending=True),
    }


def _previous_and_next_ids(article: Article, rows: dict[str, list]) -> dict[str, list[int]]:
    """The stories just before and just after this one, as in the newest-first order."""
    at, pk = _place(article), article.pk
    wanted = 1 + SPARE
    return {
        "previous": [other for when, other in rows["before"] if when < at or other < pk][:wanted],
        "next": [other for when, other in rows["after"] if when > at or other > pk][:wanted],
    }


def _place(article: Article):
    """Where the story sits in time: an unscheduled draft (seen in a preview) sits
    where it would go if published now."""
    return article.publish_at or timezone.now()
