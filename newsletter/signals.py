"""Receivers: the newsletter page shows the newsletter's name and description, so a
change to them must not wait for the cached page to expire (articles/page_cache.py);
an e-mail service's webhook events feed `newsletter.deliverability`."""

from anymail.signals import tracking
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.caching import bump_content_version
from newsletter import deliverability
from newsletter.models import Newsletter


@receiver(post_save, sender=Newsletter, dispatch_uid="newsletter_forget_pages")
@receiver(post_delete, sender=Newsletter, dispatch_uid="newsletter_forget_pages_delete")
def forget_cached_pages(sender, raw=False, **kwargs):
    if not raw:
        bump_content_version()


@receiver(tracking, dispatch_uid="newsletter_learn_from_mail_events")
def learn_from_mail_event(sender, event, esp_name, **kwargs):
    deliverability.record_event(event)
