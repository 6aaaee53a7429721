"""Paginated story lists that do not count their whole archive on every page view.

A section, tag or author page shows "Page 3 of 212": Django's paginator counts every
matching story for it, a query that grows with the archive. The total only changes
with the content, so it is counted once per content version (`articles.caching`)
and kept no longer than until the next scheduled publish. A story retracted without
a signal may leave the total one too high for a while: the last page is then a story
short, and every story shown still comes through `published()`.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from articles.caching import content_version
from articles.selectors import cached_per_version, sidebar_ids


class CountOncePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_name: str, version: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_name = count_name
        self.version = version

    @cached_property
    def count(self) -> int:
        return cached_per_version(
            f"count:{self.count_name}", self._count_every_story, version=self.version
        )

    def _count_every_story(self) -> int:
        return super().count


class CountOncePerVersionMixin:
    """For a `ListView` of published stories beside the sidebar (Most Read,
    Recommended): set `count_name` (what the list is of, e.g. `section:12`) in
    `get_queryset`."""

    count_name = ""

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The page's sidebar lists first: their one query also asks for the next
        # scheduled publish, which caching the count needs (no query of its own).
        sidebar_ids(request=self.request)
        return CountOncePaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_name=self.count_name,
            version=content_version(self.request),
        )
