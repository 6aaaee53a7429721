"""Keep the cached section tree in step with the database."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sections.models import TREE_CACHE_KEY, Section


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def forget_tree(**kwargs):
    cache.delete(TREE_CACHE_KEY)
