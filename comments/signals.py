"""Every saved or deleted comment keeps its story's count (and so the pages) true."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import Comment, recount


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="recount-comments")
def recount_story(sender, instance, **kwargs):
    recount([instance.article_id])
