"""The lite edition's feeds: every item's full text, for readers who get around
filtering with a feed reader, whatever `FEEDS_FULL_TEXT` says of the main feeds.

The text is the lite page's body (sanitised again, images as links to their files,
never a script or a frame) with every link absolute; items link to lite pages, and
carry no image enclosure for a reader to download unasked.
"""

from django.urls import reverse

from articles.content.rendering import Mode
from articles.lite.body import lite_body, lite_url
from articles.seo.feeds import SITE_RELATIVE_URL, LatestStoriesFeed, SectionFeed
from newsroom.site import absolute_url


class LiteItemsMixin:
    body_mode = Mode.LITE

    def full_text(self) -> bool:
        return True

    def link(self, obj=None):
        if obj is None:
            return absolute_url(reverse("lite:home"))
        return absolute_url(reverse("lite:page", kwargs={"path": obj.path}))

    def item_link(self, item):
        return absolute_url(lite_url(item.get_absolute_url()))

    def item_description(self, item):
        return SITE_RELATIVE_URL.sub(
            lambda match: f'{match["attribute"]}="{absolute_url(match["path"])}"',
            lite_body(item.feed_body),
        )

    def item_enclosures(self, item):
        return []


class LiteFeed(LiteItemsMixin, LatestStoriesFeed):
    url_name = "lite:feed"


class LiteSectionFeed(LiteItemsMixin, SectionFeed):
    url_name = "lite:section-feed"
