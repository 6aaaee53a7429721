"""The newsletter page shows the newsletter's name and description: a change to them
must not wait for the cached page to expire (articles/page_cache.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.caching import bump_content_version
from newsletter.models import Newsletter


@receiver(post_save, sender=Newsletter, dispatch_uid="newsletter_forget_pages")
@receiver(post_delete, sender=Newsletter, dispatch_uid="newsletter_forget_pages_delete")
def forget_cached_pages(sender, raw=False, **kwargs):
    if not raw:
        bump_content_version()
