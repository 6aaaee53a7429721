"""Keep derived search and redirect data current whenever an article changes, and
keep its revisions and audit trail (`articles.workflow`) whoever saves it."""

import reversion
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from articles import search
from articles.caching import bump_content_version
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Embed,
    Gallery,
    GalleryItem,
    Image,
    Tag,
    TaggedArticle,
)
from articles.seo import redirects
from articles.workflow import audit, history
from newsroom.querysets import content_changed
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


# Everything readers see of a story, in its own page, cards and cached lists: the
# story, its corrections, bylines, images (alone or in galleries), embeds, tags and
# sections — and, on every page, the footer's flat pages, and the redirects that can
# stand in for a page. A change to any of them sets a new content version, so cached
# ids, counts, HTML and whole pages are made afresh.
SHOWN_WITH_STORIES = (
    Article,
    Correction,
    Author,
    ArticleAuthor,
    Image,
    Gallery,
    GalleryItem,
    Embed,
    Tag,
    Section,
    FlatPage,
    Redirect,
)
# The story's links to them, changed by `add()`, `remove()`, `set()` and `clear()`.
LINKS_OF_STORIES = (
    TaggedArticle,
    Article.secondary_sections.through,
    Article.related_articles.through,
    ArticleAuthor,
)


def forget_cached_lists(sender, raw=False, action="", **kwargs):
    if not raw and not action.startswith("pre_"):
        bump_content_version()


for model in SHOWN_WITH_STORIES:
    post_save.connect(forget_cached_lists, sender=model, dispatch_uid=f"bump-{model.__name__}")
    post_delete.connect(
        forget_cached_lists, sender=model, dispatch_uid=f"bump-{model.__name__}-delete"
    )
for through in LINKS_OF_STORIES:
    m2m_changed.connect(
        forget_cached_lists, sender=through, dispatch_uid=f"bump-{through.__name__}-m2m"
    )
# Bulk writes (`update()`, `bulk_create()`) to any of them.
content_changed.connect(forget_cached_lists, dispatch_uid="bump-on-bulk-change")


@receiver(pre_save, sender=Article, dispatch_uid="articles_remember_old_status")
def remember_old_status(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._status_before_save = (
            Article.objects.filter(pk=instance.pk).values_list("status", "publish_at").first()
            if instance.pk
            else None
        )


@receiver(post_save, sender=Article, dispatch_uid="articles_audit_and_revision")
def audit_and_keep_revision(sender, instance, raw=False, created=False, **kwargs):
    """Audit creation and status changes; outside the admin (which records one
    revision per save, with its inlines), keep a revision of this save."""
    if raw:
        return
    user = history.acting_user()
    if created:
        audit.record(action=audit.Action.CREATED, article=instance, user=user)
    action = audit.status_action(getattr(instance, "_status_before_save", None), instance)
    if action:
        audit.record(action=action, article=instance, user=user)
    if not reversion.is_active():
        history.record(instance)
