"""Revisions of stories, kept by django-reversion.

A revision holds the story's row (headline, standfirst, body, sections, image, status,
times…) together with its bylines (`ArticleAuthor`, in order) and its tags
(`TaggedArticle`), which live in their own tables and so are followed. The admin
records one revision per save, with the editor (`recording()` around its views); a
save anywhere else records one by itself (`articles.signals`); the bulk publishing
actions record one per story they change (`articles.publishing`).
"""

import difflib
import html
import re
from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from articles.models import Article, ArticleAuthor, Author, Image, Tag, TaggedArticle
from articles.workflow import audit
from sections.models import Section

reversion.register(ArticleAuthor)
reversion.register(TaggedArticle)
reversion.register(
    Article,
    # Derived search data, the view counter and the edit version (moved on by every
    # save, see workflow/locks.py) are not what the story said.
    exclude=("search_vector", "rank_vector", "view_count", "comment_count", "edit_version"),
    follow=("articleauthor_set", "taggedarticle_set"),
)

# What restoring brings back: what the story said and where else it was filed. It keeps
# how the story is published (status, publish and updated times, pick) and its address
# (slug and primary section), so a restore never publishes, hides or moves a story.
RESTORED_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "kind",
    "editors_note",
    "featured_image_caption",
)
COMPARED_FIELDS = (
    ("headline", gettext_lazy("headline")),
    ("standfirst", gettext_lazy("standfirst")),
    ("body", gettext_lazy("body")),
)
COMPARED_NAMES = [name for name, _label in COMPARED_FIELDS]


@contextmanager
def recording(*, user=None, comment: str = ""):
    """Everything saved inside is one revision, by `user`, with `comment`."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def acting_user():
    """The user of the revision being recorded, if any: the admin sets it for every
    change it makes, so save signals know who acted."""
    return reversion.get_user() if reversion.is_active() else None


def record(article: Article, *, user=None, comment: str = "") -> None:
    """Keep a revision of `article` as it is stored now (with its bylines and tags)."""
    with recording(user=user, comment=comment):
        reversion.add_to_revision(article)


def revisions(article: Article):
    """The story's revisions (its `Version` rows), newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def revision_of(article: Article, version_id: int) -> Version:
    """One of the story's revisions; `Version.DoesNotExist` if it is not one of them."""
    return revisions(article).get(pk=version_id)


def previous_revision(version: Version) -> Version | None:
    return (
        Version.objects.filter(
            content_type_id=version.content_type_id,
            object_id=version.object_id,
            pk__lt=version.pk,
        )
        .order_by("-pk")
        .first()
    )


def _followed(version: Version, model) -> list[dict]:
    """The field data of the `model` rows saved in the same revision as `version`."""
    content_type = ContentType.objects.get_for_model(model)
    return [
        other.field_dict for other in version.revision.version_set.filter(content_type=content_type)
    ]


def byline_ids(version: Version) -> list[int]:
    """The revision's byline author ids, in byline order."""
    bylines = _followed(version, ArticleAuthor)
    bylines.sort(key=lambda row: (row["position"], row["id"]))
    return [row["author_id"] for row in bylines]


def tag_ids(version: Version) -> list[int]:
    return [row["tag_id"] for row in _followed(version, TaggedArticle)]


def _existing(queryset, ids) -> list:
    """The rows of `queryset` with these ids that still exist, in the order given."""
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _featured_image(data: dict) -> Image | None:
    """The revision's featured image, if it is still in the media library."""
    image_id = data["featured_image_id"]
    return Image.objects.filter(pk=image_id).first() if image_id else None


def article_from_revision(version: Version, *, current: Article) -> Article:
    """An unsaved story built from the revision, for a preview: its text, image,
    bylines, tags and sections as they were, at the current story's address. Never
    saved: restoring is `restore()`."""
    article = version._object_version.object
    data = version.field_dict
    article.primary_section = current.primary_section
    article.slug = current.slug
    article.featured_image = _featured_image(data)
    authors = _existing(Author.objects.select_related("photo"), byline_ids(version))
    # The page reads relations through `.all()`; these answer from the revision.
    article._prefetched_objects_cache = {
        "authors": authors,
        "tags": _existing(Tag.objects, tag_ids(version)),
        "secondary_sections": _existing(Section.objects, data["secondary_sections"]),
        "corrections": list(current.corrections.all()),
    }
    return article


def restore(article: Article, version: Version, *, user) -> None:
    """Bring back what the story said in `version` (see `RESTORED_FIELDS`), as a new
    revision by `user`, and note it in the audit trail. Never publishes anything."""
    data = version.field_dict
    when = date_format(version.revision.date_created, "DATETIME_FORMAT")
    with recording(user=user, comment=_("Restored the revision of %(when)s") % {"when": when}):
        for name in RESTORED_FIELDS:
            setattr(article, name, data[name])
        article.featured_image = _featured_image(data)
        article.save()
        article.secondary_sections.set(_existing(Section.objects, data["secondary_sections"]))
        article.related_articles.set(_existing(Article.objects, data["related_articles"]))
        article.tags.set(_existing(Tag.objects, tag_ids(version)))
        ArticleAuthor.objects.filter(article=article).delete()
        for position, author in enumerate(_existing(Author.objects, byline_ids(version))):
            ArticleAuthor.objects.create(article=article, author=author, position=position)
        reversion.add_to_revision(article)
        audit.record(
            action=audit.Action.RESTORED,
            article=article,
            user=user,
            detail=_("Restored the revision of %(when)s") % {"when": when},
        )


# --- Comparing -------------------------------------------------------------------

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)
WORDS = re.compile(r"\S+|\s+")


def readable_text(value: str) -> str:
    """Stored body HTML as the words a reader sees, a blank line between blocks."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n\n", value or "")))
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


def word_diff(old: str, new: str) -> SafeString:
    """`new` against `old` word by word: removed words in `<del>`, added in `<ins>`,
    everything escaped."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(old_words[old_start:old_end]))
        added = escape("".join(new_words[new_start:new_end]))
        if operation == "equal":
            parts.append(added)
        if operation in {"delete", "replace"}:
            parts.append(f"<del>{removed}</del>")
        if operation in {"insert", "replace"}:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def texts(values: dict) -> dict[str, str]:
    """The compared fields of a revision's `field_dict` or a story's values."""
    return {
        "headline": values["headline"],
        "standfirst": values["standfirst"],
        "body": readable_text(values["body"]),
    }


def compare(older: dict, newer: dict) -> list[tuple[str, SafeString, bool]]:
    """(label, word diff, changed) for headline, standfirst and body."""
    old, new = texts(older), texts(newer)
    return [
        (label, word_diff(old[name], new[name]), old[name] != new[name])
        for name, label in COMPARED_FIELDS
    ]
