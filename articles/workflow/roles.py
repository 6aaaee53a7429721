"""Who may do what in the newsroom: every admin page, form, save, bulk action and
custom view asks here, so the rules are enforced on the server in one place.

Two roles, as groups made by a data migration (articles 0010): a **Contributor** writes
and submits their own stories; an **Editor** (`articles.publish_article`) edits every
story, publishes, schedules, unpublishes, returns and picks. Superusers hold every
permission, so they are editors too. Model permissions decide the rest (a contributor
has none on sections' changes, newsletters or subscribers).
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from articles.publishing import ArticleStatus

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"

# What a writer may still change: editors have not got it yet, or sent it back.
WRITER_STATUSES = {ArticleStatus.DRAFT, ArticleStatus.RETURNED}
# Form fields only editors set: when a story goes out, an update shown to readers,
# the pick flag and the note that returns a story.
EDITOR_ONLY_FIELDS = {
    "publish_at": _("publish time"),
    "updated_at": _("updated time"),
    "is_recommended": _("editor's pick"),
    "review_note": _("note to the writer"),
}


def can_publish(user) -> bool:
    """Publish, schedule, unpublish, return to the writer and pick: editors only."""
    return user.has_perm("articles.publish_article")


def own_articles(user, articles: QuerySet) -> QuerySet:
    """The stories `user` wrote: created or carrying their byline. (A subquery, not a
    join, so no story comes twice and sums over its rows stay right.)"""
    bylines = articles.model.authors.through.objects.filter(author__user=user)
    return articles.filter(Q(created_by=user) | Q(pk__in=bylines.values("article_id")))


def visible_articles(user, articles: QuerySet) -> QuerySet:
    """Editors see every story; contributors their own."""
    return articles if can_publish(user) else own_articles(user, articles)


def is_writer(user, article) -> bool:
    return article.created_by_id == user.pk or article.authors.filter(user=user).exists()


def can_edit(user, article=None) -> bool:
    """Change `article` (or articles at all, with none): editors always; a writer their
    own story while it is a draft or returned to them."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.status in WRITER_STATUSES and is_writer(user, article)


def can_delete(user, article=None) -> bool:
    return user.has_perm("articles.delete_article") and can_publish(user)


def status_choices(user, current: str | None) -> list[tuple[str, str]]:
    """The statuses `user` may give a story now `current` (None: a new story).
    A writer keeps a draft or sends it for review; a returned story may stay
    returned while they fix it."""
    if can_publish(user):
        return list(ArticleStatus.choices)
    allowed = {ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW}
    if current == ArticleStatus.RETURNED:
        allowed.add(ArticleStatus.RETURNED)
    return [(value, label) for value, label in ArticleStatus.choices if value in allowed]


def may_set_status(user, current: str | None, status: str) -> bool:
    return status in dict(status_choices(user, current))


def hidden_fields(user) -> list[str]:
    """Form fields `user` does not get (and may not post)."""
    return [] if can_publish(user) else list(EDITOR_ONLY_FIELDS)


def can_upload_images(user) -> bool:
    """The media library and the body editor's uploads: contributors and editors."""
    return user.has_perm("articles.add_image")


def can_edit_author(user, author=None) -> bool:
    """Editors manage every byline; a contributor only the one linked to their account."""
    if not user.has_perm("articles.change_author"):
        return False
    return author is None or can_publish(user) or author.user_id == user.pk
