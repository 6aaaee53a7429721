"""Keep derived search and redirect data current whenever an article changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from articles import search
from articles.caching import bump_content_version
from articles.models import Article, TaggedArticle
from articles.seo import redirects
from sections.models import Section


@receiver(pre_save, sender=Article, dispatch_uid="articles_remember_old_url")
def remember_old_url(sender, instance, raw=False, **kwargs):
    if not raw:
        redirects.remember_old_path(instance)


@receiver(post_save, sender=Article, dispatch_uid="articles_after_save")
def after_article_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    redirects.record_moved_path(instance)
    if update_fields is None or {"headline", "standfirst", "body"} & set(update_fields):
        search.index_articles([instance])


@receiver(post_delete, sender=Article, dispatch_uid="articles_unindex_deleted")
def unindex_deleted_article(sender, instance, **kwargs):
    search.unindex_article(instance.pk)


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles_reindex_on_tags")
def reindex_on_tag_change(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Article):
        search.index_articles([instance])


@receiver(pre_save, sender=Section, dispatch_uid="articles_remember_old_section_path")
def remember_old_section_path(sender, instance, raw=False, **kwargs):
    if not raw:
        redirects.remember_old_section_path(instance)


@receiver(post_save, sender=Section, dispatch_uid="articles_after_section_save")
def after_section_save(sender, instance, raw=False, **kwargs):
    if not raw:
        redirects.record_moved_section(instance)


@receiver(post_save, sender=Article, dispatch_uid="articles_bump_content_version")
@receiver(post_delete, sender=Article, dispatch_uid="articles_bump_content_version_delete")
def forget_cached_lists(sender, raw=False, **kwargs):
    if not raw:
        bump_content_version()
