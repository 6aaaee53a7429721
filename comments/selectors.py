"""The comments a story's page shows, as a thread: top-level comments oldest first,
each with its replies (one level) oldest first.

What every reader sees is read in one query and cached under the content version,
which every change to a story's comments moves on (`comments.models.recount`), so the
article page costs the same with no comments as with hundreds. A signed-in reader's
own comments still waiting for a moderator are added to their (uncached) page with
one more query.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import SafeString

from articles.caching import content_version
from articles.models import Article
from articles.selectors import cached_per_version
from comments.models import SHOWN_PARENT, Comment
from comments.rendering import comment_html
from newsroom.text import MYANMAR_CHAR


@dataclass
class ShownComment:
    """One comment as the page shows it (cached: plain data, the body already HTML)."""

    pk: int
    parent_id: int | None
    author_id: int | None
    # The author's display name; None when there is no reader to name.
    name: str | None
    html: SafeString
    created_at: datetime
    # An empty marker in place of a comment whose replies are still shown.
    removed: bool = False
    # Waiting for a moderator: shown only to its author.
    pending: bool = False
    # Written in Myanmar script: the page marks it `lang="my"` for fonts and screen readers.
    burmese: bool = False
    replies: list["ShownComment"] = field(default_factory=list)


def _shown(comment: Comment) -> ShownComment:
    profile = getattr(comment.author, "reader", None) if comment.author else None
    removed = comment.status == Comment.Status.REMOVED
    return ShownComment(
        pk=comment.pk,
        parent_id=comment.parent_id,
        author_id=None if removed else comment.author_id,
        name=None if removed or profile is None else profile.display_name,
        html=SafeString("") if removed else comment_html(comment.body),
        created_at=comment.created_at,
        removed=removed,
        pending=comment.status == Comment.Status.PENDING,
        burmese=not removed and bool(MYANMAR_CHAR.search(comment.body)),
    )


def _threaded(comments: list[ShownComment]) -> list[ShownComment]:
    top = {comment.pk: comment for comment in comments if comment.parent_id is None}
    for comment in comments:
        if comment.parent_id in top:
            top[comment.parent_id].replies.append(comment)
    return list(top.values())


def public_thread(article: Article, *, request=None) -> list[ShownComment]:
    """The comments every reader sees under `article` (one query, cached per version):
    the visible ones, and an empty marker for a removed comment with visible replies."""

    def build() -> list[ShownComment]:
        shown_replies = Comment.objects.visible().filter(parent=OuterRef("pk"))
        marker = Q(parent__isnull=True, status=Comment.Status.REMOVED) & Exists(shown_replies)
        rows = (
            Comment.objects.filter(article=article)
            .filter(Q(SHOWN_PARENT, status=Comment.Status.APPROVED) | marker)
            .select_related("author__reader")
        )
        return _threaded([_shown(comment) for comment in rows])

    return cached_per_version(f"comments:{article.pk}", build, version=content_version(request))


def with_own_pending(thread: list[ShownComment], *, article: Article, user_id: int):
    """`thread` with this reader's comments that wait for a moderator in their places
    (a reply only under a comment the thread shows). One query; `thread` is left as
    it was."""
    pending = [
        _shown(comment)
        for comment in Comment.objects.filter(
            SHOWN_PARENT, article=article, author_id=user_id, status=Comment.Status.PENDING
        ).select_related("author__reader")
    ]
    if not pending:
        return thread
    merged = [replace(comment, replies=list(comment.replies)) for comment in thread]
    by_pk = {comment.pk: comment for comment in merged}
    for comment in pending:
        if comment.parent_id is None:
            merged.append(comment)
        elif comment.parent_id in by_pk:
            by_pk[comment.parent_id].replies.append(comment)
    for comment in merged:
        comment.replies.sort(key=_position)
    return sorted(merged, key=_position)


def _position(comment: ShownComment) -> tuple:
    return (comment.created_at, comment.pk)
