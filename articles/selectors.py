"""Read-only queries behind the readers' pages, each a fixed number of SQL queries.

Everything starts from `Article.objects.published()`, so nothing unpublished can
reach a page through these helpers.
"""

import operator
from functools import reduce

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from articles.models import Article, TaggedArticle


def linkable():
    """Published articles with what a headline link or small card needs (no body)."""
    return (
        Article.objects.published()
        .select_related("primary_section", "featured_image")
        .defer("body")
    )


def cards():
    """Published articles ready for full cards (bylines too), without their bodies."""
    return Article.objects.published().for_cards().defer("body")


def front_page_stories(*, limit: int) -> list[Article]:
    """The newest published stories, ready for cards: lead, top stories, latest."""
    return list(cards().newest_first()[:limit])


def featured_section_blocks(tree, *, per_section: int, exclude: list[int]) -> list[tuple]:
    """(section, its newest stories) for every featured section, in two queries.

    A story belongs to the nearest featured section at or above its primary section,
    so nested featured sections do not repeat each other's stories. Each block's
    newest stories come from a small `LIMIT` subquery that an index answers, so the
    cost does not grow with the archive. Stories in `exclude` (already on the page
    above the blocks) are left out.
    """
    featured = [section for section in tree.by_id.values() if section.is_featured]
    if not featured:
        return []
    members = {section.pk: set(tree.descendant_ids(section)) for section in featured}
    # A featured section's own stories exclude those of featured sections inside it.
    for section in featured:
        for other in featured:
            if other.pk != section.pk and other.pk in members[section.pk]:
                members[section.pk] -= set(tree.descendant_ids(other))
    newest = [
        Article.objects.published()
        .filter(primary_section_id__in=members[section.pk])
        .exclude(pk__in=exclude)
        .newest_first()
        .values("pk")[:per_section]
        for section in featured
    ]
    block = Case(
        *[
            When(primary_section_id__in=members[section.pk], then=Value(section.pk))
            for section in featured
        ],
        output_field=IntegerField(),
    )
    stories = (
        cards()
        .filter(reduce(operator.or_, (Q(pk__in=ids) for ids in newest)))
        .annotate(block=block)
        .newest_first()
    )
    by_block: dict[int, list[Article]] = {}
    for story in stories:
        by_block.setdefault(story.block, []).append(story)
    return [(section, by_block[section.pk]) for section in featured if section.pk in by_block]


def related_stories(article: Article, *, limit: int = 3) -> list[Article]:
    """Hand-picked related stories first, then the ones sharing the most tags."""
    picked_ids = Article.related_articles.through.objects.filter(from_article_id=article.pk).values(
        "to_article_id"
    )
    picked = list(linkable().filter(pk__in=picked_ids).newest_first()[:limit])
    if len(picked) >= limit:
        return picked
    tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
    by_tags = (
        linkable()
        .filter(tags__in=tag_ids)
        .exclude(pk__in=[article.pk, *(story.pk for story in picked)])
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-publish_at", "-pk")
    )
    return picked + list(by_tags[: limit - len(picked)])


def more_in_section(article: Article, *, exclude: list[int], limit: int = 5) -> list[Article]:
    """The newest other stories from the article's primary section."""
    return list(
        linkable()
        .filter(primary_section_id=article.primary_section_id)
        .exclude(pk__in=[article.pk, *exclude])
        .newest_first()[:limit]
    )


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


def previous_and_next(article: Article) -> tuple[Article | None, Article | None]:
    """The stories published just before and just after this one in its section."""
    same_section = linkable().filter(primary_section_id=article.primary_section_id)
    # An unscheduled draft (seen in a preview) sits where it would go if published now.
    at, pk = article.publish_at or timezone.now(), article.pk
    previous = (
        same_section.filter(Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk))
        .order_by("-publish_at", "-pk")
        .first()
    )
    following = (
        same_section.filter(Q(publish_at__gt=at) | Q(publish_at=at, pk__gt=pk))
        .order_by("publish_at", "pk")
        .first()
    )
    return previous, following
