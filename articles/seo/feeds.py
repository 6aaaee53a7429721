"""RSS 2.0 and Atom feeds: the latest stories, and those of a section, tag or author;
and the corrections and updates.

Each edition has its own feeds (`/feed/`, `/my/feed/`…): its stories only, its
language in `<language>` (Django's `Feed` takes the active one). Items carry the
standfirst, or the full sanitised body when `FEEDS_FULL_TEXT` is on. Every link is
on the site's address (`SITE_URL`): Django would otherwise build them from the
`django.contrib.sites` row, which can say another host or port.
"""

import mimetypes
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles import selectors
from articles.content.rendering import Mode, load_library, render_body
from articles.models import Article, Author, Tag
from newsroom.editions import edition_home, edition_language
from newsroom.site import absolute_url
from sections.models import Section

FEED_ITEMS = 30
SITE_RELATIVE_URL = re.compile(r'(?P<attribute>src|href)="(?P<path>/(?!/)[^"]*)"')


class LatestStoriesFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "articles:feed"
    body_mode = Mode.FEED

    def title(self, obj=None):
        return settings.SITE_NAME

    def about(self, obj=None) -> str:
        """What the feed holds, as plain text."""
        return settings.SITE_TAGLINE

    def description(self, obj=None):
        # RSS readers show a channel's <description> as HTML: plain text goes escaped.
        return escape(self.about(obj))

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom's <subtitle> is text

    def link(self, obj=None):
        return absolute_url(
            obj.get_absolute_url() if obj is not None else edition_home(edition_language())
        )

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, kwargs=self.url_kwargs(obj)))

    def url_kwargs(self, obj) -> dict:
        return {}

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def stories(self, obj):
        return Article.objects.published().in_edition()

    def items(self, obj=None):
        stories = self.stories(obj).as_cards(with_body=True).prefetch_related("tags")
        stories = list(stories.newest_first()[:FEED_ITEMS])
        if self.full_text():
            # What every body refers to, read once for the whole feed.
            library = load_library(story.body for story in stories)
            for story in stories:
                story.feed_body = render_body(story.body, library=library, mode=self.body_mode)
        return stories

    def full_text(self) -> bool:
        return settings.FEEDS_FULL_TEXT

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        if settings.FEEDS_FULL_TEXT and item.body:
            # Sanitised on save (articles/content/sanitize.py); feed readers need absolute links.
            return SITE_RELATIVE_URL.sub(
                lambda match: f'{match["attribute"]}="{absolute_url(match["path"])}"',
                item.feed_body,
            )
        # RSS <description> and Atom <summary type="html"> are HTML to a feed reader;
        # the standfirst is plain text, and markup typed into it must stay text.
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at or item.publish_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        # Sorted here: taggit's prefetch lists tags in whatever order the database
        # returns them (and takes no ordered queryset).
        return [item.primary_section.local_name, *sorted(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        image = item.featured_image
        if image is None or not image.file:
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        # 0 when the size is unknown, as the RSS Advisory Board recommends.
        return [Enclosure(absolute_url(image.file.url), str(image.file_size or 0), mime_type)]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    url_name = "articles:feed-atom"
    feed_type = Atom1Feed


class SectionFeed(LatestStoriesFeed):
    url_name = "articles:section-feed"

    def url_kwargs(self, obj) -> dict:
        return {"path": obj.path}

    def get_object(self, request, path):
        section = Section.objects.tree().by_path.get(path)
        if section is None:
            raise Http404("No such section.")
        return section

    def title(self, obj=None):
        return f"{obj.local_name} — {settings.SITE_NAME}"

    def about(self, obj=None) -> str:
        return obj.description or _("The latest stories in %(name)s.") % {"name": obj.local_name}

    def stories(self, obj):
        return Article.objects.published().in_edition().in_section(obj)


class SectionAtomFeed(SectionFeed):
    url_name = "articles:section-feed-atom"
    feed_type = Atom1Feed


class TagFeed(LatestStoriesFeed):
    url_name = "articles:tag-feed"

    def url_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} — {settings.SITE_NAME}"

    def about(self, obj=None) -> str:
        return _("Stories about %(name)s.") % {"name": obj.name}

    def stories(self, obj):
        return Article.objects.published().in_edition().filter(tags=obj)


class TagAtomFeed(TagFeed):
    url_name = "articles:tag-feed-atom"
    feed_type = Atom1Feed


class AuthorFeed(LatestStoriesFeed):
    url_name = "articles:author-feed"

    def url_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} — {settings.SITE_NAME}"

    def about(self, obj=None) -> str:
        return _("Stories by %(name)s.") % {"name": obj.name}

    def stories(self, obj):
        return Article.objects.published().in_edition().filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    url_name = "articles:author-feed-atom"
    feed_type = Atom1Feed


class CorrectionsFeed(Feed):
    """Corrections and updates to published stories, newest first."""

    feed_type = Rss201rev2Feed
    url_name = "articles:corrections-feed"

    def title(self):
        return _("Corrections and updates — %(site)s") % {"site": settings.SITE_NAME}

    def about(self) -> str:
        return _("Where we corrected or updated a story, and when.")

    def description(self):
        return escape(self.about())  # HTML to RSS readers

    def subtitle(self):
        return self.about()  # Atom's <subtitle> is text

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return selectors.recent_corrections()[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return escape(item.text)  # plain text typed by an editor

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at


class CorrectionsAtomFeed(CorrectionsFeed):
    url_name = "articles:corrections-feed-atom"
    feed_type = Atom1Feed
