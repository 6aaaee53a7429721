"""The read API, `/api/v1/` (django-ninja): published stories, sections, tags and
authors. The OpenAPI document is at `/api/v1/openapi.json`; no interactive docs page
(ninja's loads scripts from a CDN). Every request passes `api.guard` (keys, rate
limits, ETags and Cache-Control)."""

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Greatest
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import HttpError, ValidationError

from api import shapes
from api.cursors import BY_NAME, NEWEST_FIRST, BadCursor, Ordering, page
from api.guard import guarded
from api.schemas import (
    AuthorPage,
    Error,
    Language,
    SectionOut,
    Story,
    StoryPage,
    TagPage,
)
from articles.models import Article, Author, Tag
from sections.models import Section

api = NinjaAPI(
    title=f"{settings.SITE_NAME} read API",
    version="1",
    description=(
        "Published stories, sections, tags and authors, read-only. Lists are newest "
        "first (stories) or by name, one page at a time: pass a page's `next_cursor` "
        "as `cursor` for the next. Send a partner key as `Authorization: Bearer <key>` "
        "or `X-API-Key` for a higher rate limit."
    ),
    docs_url=None,
    urls_namespace="api",
)
api.add_decorator(guarded, mode="view")

ERRORS = {400: Error, 401: Error, 404: Error, 429: Error}
# The largest primary key the database holds (a 64-bit integer): a larger id is a 400,
# not a database error.
MAX_ID = 2**63 - 1


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """Bad parameters are the client's mistake: 400 with what was wrong."""
    return api.create_response(request, {"detail": exc.errors}, status=400)


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100, description="Items per page, 1 to 100.")
    cursor: str | None = Field(None, description="A previous page's `next_cursor`.")


class StoryFilters(Paging):
    section: str | None = Field(
        None, description="A section's path (e.g. `news/burma`); includes its sub-sections."
    )
    tag: str | None = Field(None, description="A tag's slug.")
    author: str | None = Field(None, description="An author's slug.")
    language: Language | None = Field(None, description="The edition's language.")
    updated_since: datetime | None = Field(
        None,
        description="ISO 8601 time: stories published or changed at or after it "
        "(the later of their publish time and last change).",
    )


class NameFilters(Paging):
    language: Language | None = Field(None, description="Count only this edition's stories.")


def public_stories():
    """The one source of every story the API shows."""
    return Article.objects.published()


def _page(queryset, *, ordering: Ordering, paging: Paging):
    try:
        return page(queryset, ordering=ordering, cursor=paging.cursor, limit=paging.limit)
    except BadCursor:
        raise HttpError(400, "Invalid cursor: pass a next_cursor this API gave.") from None


@api.get("/stories", response={200: StoryPage, **ERRORS}, summary="Published stories")
def list_stories(request, filters: Query[StoryFilters]):
    """Newest first. An unknown section is a 404; an unknown tag or author gives an
    empty list (as one whose stories are not published yet does)."""
    stories = public_stories()
    if filters.section is not None:
        section = Section.objects.tree().by_path.get(filters.section.strip("/"))
        if section is None:
            return Status(404, {"detail": "No such section."})
        stories = stories.in_section(section)
    if filters.tag is not None:
        stories = stories.filter(tags__slug=filters.tag)
    if filters.author is not None:
        stories = stories.filter(authors__slug=filters.author)
    if filters.language is not None:
        stories = stories.in_edition(filters.language)
    if filters.updated_since is not None:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        try:
            since = since.astimezone(UTC)  # as the database stores it
        except OverflowError:
            return Status(400, {"detail": "updated_since is out of range."})
        stories = stories.alias(changed=Greatest("publish_at", "modified_at")).filter(
            changed__gte=since
        )
    stories = stories.as_cards().prefetch_related("tags").with_counterpart()
    rows, next_cursor = _page(stories, ordering=NEWEST_FIRST, paging=filters)
    return {"items": [shapes.story_card(story) for story in rows], "next_cursor": next_cursor}


@api.get("/stories/{story_id}", response={200: Story, **ERRORS}, summary="One published story")
def get_story(request, story_id: int = Path(..., ge=1, le=MAX_ID)):
    stories = public_stories().as_cards(with_body=True).prefetch_related("tags")
    story = stories.with_counterpart().filter(pk=story_id).first()
    if story is None:
        return Status(404, {"detail": "No such story."})
    return shapes.story(story)


@api.get("/sections", response={200: list[SectionOut], **ERRORS}, summary="Active sections")
def list_sections(request):
    """Every active section, in tree order (parents before their children)."""
    tree = Section.objects.tree()
    ordered = sorted(tree.by_id.values(), key=lambda section: section.tree_order)
    return [shapes.section(section) for section in ordered]


def _published_in(language: str | None):
    stories = public_stories()
    return stories.in_edition(language) if language else stories


@api.get("/tags", response={200: TagPage, **ERRORS}, summary="Tags of published stories")
def list_tags(request, filters: Query[NameFilters]):
    """By name; only tags on at least one published story, counting only those."""
    published = _published_in(filters.language).values("pk")
    tags = Tag.objects.filter(tagged_articles__content_object__in=published).annotate(
        stories=Count("tagged_articles")
    )
    rows, next_cursor = _page(tags, ordering=BY_NAME, paging=filters)
    items = [{"slug": tag.slug, "name": tag.name, "stories": tag.stories} for tag in rows]
    return {"items": items, "next_cursor": next_cursor}


@api.get("/authors", response={200: AuthorPage, **ERRORS}, summary="Bylines of published stories")
def list_authors(request, filters: Query[NameFilters]):
    """By name; only authors of at least one published story, counting only those."""
    published = _published_in(filters.language).values("pk")
    authors = Author.objects.filter(articles__in=published).annotate(stories=Count("articles"))
    rows, next_cursor = _page(authors, ordering=BY_NAME, paging=filters)
    items = [
        {
            "slug": author.slug,
            "name": author.name,
            "role": author.role,
            "bio": author.bio,
            "is_organisation": author.is_organisation,
            "stories": author.stories,
        }
        for author in rows
    ]
    return {"items": items, "next_cursor": next_cursor}
