"""Bulk writes that tell the caches.

`QuerySet.update()`, `bulk_create()` and `bulk_update()` (which runs `update()`)
send no `post_save`, so a
cache that forgets on signals would keep showing what they changed: a story
unpublished with `Article.objects.filter(...).update(status=...)` would stay on every
cached page. Models readers see use `ContentQuerySet`, which sends `content_changed`
after each of them; `articles` (owner of the content version) listens.
"""

from django.db import models
from django.dispatch import Signal

# Sent with `sender=<model>` after a bulk write to a model readers see.
content_changed = Signal()


class ContentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            content_changed.send(sender=self.model)
        return rows

    update.alters_data = True

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        if created:
            content_changed.send(sender=self.model)
        return created

    bulk_create.alters_data = True
