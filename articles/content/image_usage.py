"""Which stories and bylines show a library image: the warning an editor reads
before deleting it.

Deleting an image empties the stories' featured and share image fields and the
authors' photos (SET_NULL), and a body refers to its images by `data-image-id`, which
no foreign key guards: without these lists, the image would quietly drop out of
published stories and bylines. (A gallery's photos need no list: the admin refuses to
delete them.)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from articles.models import Article, Author

IN_BODY = _("in the body")
AS_FEATURED = _("as the featured image")
AS_SHARE = _("as the share image")


@dataclass(frozen=True)
class StoryShowingImages:
    story: "Article"
    places: list[str]


def body_reference(image_id: int) -> str:
    """How a stored body refers to image `image_id` (articles.content.body_images)."""
    return f'data-image-id="{image_id}"'


def stories_showing(image_ids: Iterable[int]) -> list[StoryShowingImages]:
    """Every story, published or not, that shows one of `image_ids` (the latest
    written first), with where it shows them: one query."""
    # Here, not at the top: the models import the content modules.
    from articles.models import Article

    ids = sorted(set(image_ids))
    if not ids:
        return []
    in_body = reduce(or_, (Q(body__contains=body_reference(pk)) for pk in ids))
    stories = (
        Article.objects.filter(Q(featured_image__in=ids) | Q(social_image__in=ids) | in_body)
        .only("pk", "headline", "status", "publish_at", "body", "featured_image", "social_image")
        .order_by("-pk")
    )
    return [StoryShowingImages(story, _places(story, ids)) for story in stories]


def _places(story, ids: list[int]) -> list[str]:
    places = []
    if any(body_reference(pk) in story.body for pk in ids):
        places.append(IN_BODY)
    if story.featured_image_id in ids:
        places.append(AS_FEATURED)
    if story.social_image_id in ids:
        places.append(AS_SHARE)
    return places


def authors_pictured(image_ids: Iterable[int]) -> list["Author"]:
    """The bylines whose photo is one of `image_ids`, by name: one query."""
    from articles.models import Author  # here, as above: the models import this package

    return list(Author.objects.filter(photo__in=set(image_ids)).only("pk", "name").order_by("name"))
