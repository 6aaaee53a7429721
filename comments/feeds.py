"""A story's comments as an RSS feed: the approved ones readers see, newest first.

Only for published stories. Names are plain text in the feed's text elements (the
feed's XML escapes them); bodies go out as the same escaped HTML the page shows."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment
from comments.rendering import comment_html
from newsroom.site import absolute_url

FEED_ITEMS = 50


class StoryCommentsFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, article_id):
        article = Article.objects.published().as_links().filter(pk=article_id).first()
        if article is None:
            raise Http404("No such story.")
        return article

    def title(self, obj):
        return _("Comments on %(headline)s") % {"headline": obj.headline}

    def description(self, obj):
        # A channel's <description> is HTML to feed readers; this one holds no markup.
        return _("Readers' comments, newest first.")

    def link(self, obj):
        return absolute_url(f"{obj.get_absolute_url()}#comments")

    def feed_url(self, obj):
        return absolute_url(reverse("comments:feed", args=[obj.pk]))

    def items(self, obj):
        comments = Comment.objects.visible().filter(article=obj).select_related("author__reader")
        newest = list(comments.order_by("-created_at", "-pk")[:FEED_ITEMS])
        for comment in newest:
            comment.article = obj  # each item's story, without a query per item
        return newest

    def item_title(self, item):
        return _("%(name)s on %(headline)s") % {
            "name": display_name(item),
            "headline": item.article.headline,
        }

    def item_description(self, item):
        return comment_html(item.body)

    def item_link(self, item):
        return absolute_url(f"{item.article.get_absolute_url()}#comment-{item.pk}")

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return display_name(item)


def display_name(comment: Comment) -> str:
    profile = getattr(comment.author, "reader", None) if comment.author else None
    return profile.display_name if profile is not None else _("A reader")
