"""Moderators' decisions on comments, shared by the admin's form and bulk actions."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from comments import notifications
from comments.models import Comment

# What a moderator can decide. `removed` is not among them: only a reader deleting
# their account leaves that empty marker (comments/deletion.py).
DECISIONS = [Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM]


def moderate(*, comments: QuerySet[Comment], status: str, by) -> int:
    """Give `comments` the moderator's decision `status`; return how many changed.

    One bulk UPDATE (whose queryset recounts the stories), stamped with who decided
    and when; comments already so, and empty `removed` markers, are left alone. Newly
    approved comments are announced to their readers (comments/notifications.py)."""
    if status not in DECISIONS:
        raise ValueError(f"Not a moderator's decision: {status!r}")
    with transaction.atomic():
        changing = comments.exclude(status__in=[status, Comment.Status.REMOVED])
        ids = list(changing.values_list("pk", flat=True))
        changed = Comment.objects.filter(pk__in=ids).update(
            status=status, moderated_at=timezone.now(), moderated_by=by
        )
        if status == Comment.Status.APPROVED:
            for comment in Comment.objects.filter(pk__in=ids).only("pk", "parent_id"):
                notifications.announce(comment, approved_by_moderator=True)
    return changed
