"""What happens to a reader's comments when their account is deleted.

Their comments go, except where other readers' approved replies are shown under one:
that comment stays as an empty `removed` marker (no author, no words) so the replies
still make sense. The reader's reports go with their user (a cascade)."""

from django.db import transaction
from django.db.models import Exists, OuterRef

from comments.models import Comment, CommentReport


def forget_reader(user) -> None:
    """Delete `user`'s comments, leaving empty markers under shown replies; the
    stories' counts follow."""
    shown_replies = Comment.objects.filter(
        parent=OuterRef("pk"), status=Comment.Status.APPROVED
    ).exclude(author=user)
    theirs = Comment.objects.filter(author=user)
    with transaction.atomic():
        # An approved comment is shown with its replies; a hidden one keeps hiding them.
        markers = list(
            theirs.filter(Exists(shown_replies), status=Comment.Status.APPROVED).values_list(
                "pk", flat=True
            )
        )
        Comment.objects.filter(pk__in=markers).update(
            status=Comment.Status.REMOVED, author=None, body=""
        )
        # Reports on the words that are gone would only keep talking about them.
        CommentReport.objects.filter(comment__in=markers).delete()
        theirs.delete()
