"""When readers hear about their comments: once, the first time a comment is approved.

A moderator's approval (the admin's form or its bulk action) tells the author their
comment is published; an approved reply, whether a moderator approved it or it was
created approved for a trusted reader, tells the author of the comment it answers.
`Comment.first_approved_at` is claimed with one conditional UPDATE, so a comment
approved twice, or by two moderators at once, is announced once. The e-mails are
queued in the same transaction as the claim and sent by the background worker.
"""

from django.db import transaction
from django.utils import timezone

from comments import tasks
from comments.models import Comment


def announce(comment: Comment, *, approved_by_moderator: bool) -> bool:
    """Queue the e-mails due on `comment`'s first approval; return False if it is not
    approved or was announced before."""
    now = timezone.now()
    with transaction.atomic():
        # The base manager's plain UPDATE: this changes nothing readers see, so the
        # story's count and the content version stay as they are.
        claimed = Comment._base_manager.filter(
            pk=comment.pk, status=Comment.Status.APPROVED, first_approved_at__isnull=True
        ).update(first_approved_at=now)
        if not claimed:
            return False
        if approved_by_moderator:
            tasks.send_approval_notice.enqueue(comment_id=comment.pk)
        if comment.parent_id is not None:
            tasks.send_reply_notice.enqueue(reply_id=comment.pk)
    comment.first_approved_at = now
    return True
