"""Keep the cached section tree and footer links in step with the database."""

from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsroom.querysets import content_changed
from sections.models import TREE_CACHE_KEY, Section

FOOTER_PAGES_CACHE_KEY = "navigation:footer-pages"


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(content_changed, sender=Section)
def forget_tree(**kwargs):
    cache.delete(TREE_CACHE_KEY)


@receiver(post_save, sender=FlatPage)
@receiver(post_delete, sender=FlatPage)
def forget_footer_pages(**kwargs):
    cache.delete(FOOTER_PAGES_CACHE_KEY)
