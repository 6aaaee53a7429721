"""The lite edition's pages: home, sections and stories as text, for slow, filtered
and metered networks. Each is a `public_page` (whole-page cache), reads through
`published()` only (`articles.selectors`) and runs a fixed number of queries."""

from dataclasses import replace

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.views.generic import DetailView, ListView, TemplateView

from articles import edition_links, selectors
from articles.content.rendering import Mode, render_body
from articles.lite.body import lite_body, lite_url
from articles.lite.style import LITE_CSS
from articles.models import Article
from articles.views import PublishedStoryMixin, serve_section_or_story
from sections.models import Section


class LiteContextMixin:
    """What every lite page's template needs besides its own content."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(lite_css=LITE_CSS, **kwargs)


class LiteHome(LiteContextMixin, TemplateView):
    """The latest stories of each top-level section, as headlines (one query)."""

    template_name = "lite/home.html"
    per_section = 5

    def get_context_data(self, **kwargs):
        tree = Section.objects.tree()
        by_root = {root.pk: [] for root in tree.roots}
        for story in latest_per_section(self.per_section):
            root = tree.by_path.get(story.primary_section.path.split("/")[0])
            stories = by_root.get(root.pk) if root is not None else None
            if stories is not None and len(stories) < self.per_section:
                stories.append(story)
        blocks = [(root, by_root[root.pk]) for root in tree.roots if by_root[root.pk]]
        return super().get_context_data(section_blocks=blocks, **kwargs)


def latest_per_section(count: int) -> list[Article]:
    """The `count` newest published stories of each primary section, newest first,
    ready for links: enough for any top-level section's block, in one query."""
    newest = [F("publish_at").desc(), F("pk").desc()]
    return list(
        selectors.links()
        .annotate(place=Window(RowNumber(), partition_by=F("primary_section_id"), order_by=newest))
        .filter(place__lte=count)
        .newest_first()
    )


class LiteSection(LiteContextMixin, ListView):
    """A section's stories and those of its sub-sections, newest first; a page number
    that is not one (`?page=x`, past the end) is a 404."""

    template_name = "lite/section.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return selectors.links().in_section(self.kwargs["section"]).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.kwargs["section"], **kwargs)


class LiteStory(LiteContextMixin, PublishedStoryMixin, DetailView):
    """A story as text: images are links to their files unless `?images=1` asks."""

    template_name = "lite/story.html"

    def address_in_edition(self, article: Article) -> str:
        return lite_url(article.get_absolute_url())

    def get_context_data(self, **kwargs):
        images = self.request.GET.get("images") == "1"
        counterpart = edition_links.story_links(self.object)["counterpart_link"]
        return super().get_context_data(
            body=lite_body(render_body(self.object.body, mode=Mode.LITE), images=images),
            images=images,
            # The translation's lite page: a reader stays in the lite edition.
            counterpart_link=counterpart and replace(counterpart, url=lite_url(counterpart.url)),
            **kwargs,
        )


def lite_page(request, path):
    """Serve /lite/a/b/c/: the section a/b/c, else story c filed in a/b."""
    return serve_section_or_story(
        request, path, section_view=LiteSection.as_view(), story_view=LiteStory.as_view()
    )
