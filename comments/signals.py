"""Comments' receivers: every saved or deleted comment keeps its story's count (and so
the pages) true; a comment's first approval is announced to the readers it concerns;
a ban takes the reader's waiting comments out of the queue; a deleted account takes
its comments with it."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from accounts.bans import readers_banned
from comments import notifications
from comments.deletion import forget_reader
from comments.models import Comment, recount


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="recount-comments")
def recount_story(sender, instance, **kwargs):
    recount([instance.article_id])


@receiver(post_save, sender=Comment, dispatch_uid="announce-approved-comments")
def announce_first_approval(sender, instance, created, raw=False, **kwargs):
    """A comment saved approved for the first time: a moderator approved it, or (when
    it is created so) it came from a trusted reader, who needs no "published" e-mail.
    Fixtures loaded as they are (`raw`) announce nothing."""
    if raw or instance.status != Comment.Status.APPROVED or instance.first_approved_at:
        return
    notifications.announce(instance, approved_by_moderator=not created)


@receiver(readers_banned, dispatch_uid="banned-readers-pending-comments-are-spam")
def mark_waiting_comments_spam(sender, user_ids, by=None, **kwargs):
    Comment.objects.filter(author_id__in=user_ids, status=Comment.Status.PENDING).update(
        status=Comment.Status.SPAM, moderated_at=timezone.now(), moderated_by=by
    )


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="deleted-readers-comments")
def remove_deleted_readers_comments(sender, instance, **kwargs):
    forget_reader(instance)
