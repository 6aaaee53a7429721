from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from articles import edition_links, previews, selectors
from articles.around import SIMILAR_PAGE_SIZE, around_story
from articles.content.body import split_after_paragraph
from articles.content.rendering import Mode, render_body
from articles.models import Article, Author, Tag
from articles.pagination import CountOncePerVersionMixin
from newsroom.editions import edition_home, edition_language
from newsroom.page_urls import page_url
from newsroom.text import nfc
from sections.models import Section


class PublishedArticleMixin(CountOncePerVersionMixin):
    """Start every public article list from `published()`, ready for cards."""

    paginate_by = 20

    def get_queryset(self):
        return selectors.cards().newest_first()


class HomePage(TemplateView):
    """The front page: lead, top stories, featured sections and the latest news."""

    template_name = "articles/home.html"
    top_story_count = 4
    latest_count = 10
    stories_per_section = 4

    def get_context_data(self, **kwargs):
        stories = selectors.front_page_stories(limit=1 + self.top_story_count + self.latest_count)
        top_end = 1 + self.top_story_count
        section_blocks = selectors.featured_section_blocks(
            Section.objects.tree(),
            per_section=self.stories_per_section,
            exclude=[story.pk for story in stories[:top_end]],
            request=self.request,
            # The sidebar's lists are worked out and checked with the blocks' own.
            with_lists=selectors.sidebar_lists(),
        )
        # Every card on the page gets its bylines in one query.
        selectors.add_bylines([*stories, *(s for _, block in section_blocks for s in block)])
        return super().get_context_data(
            **edition_links.same_page_in_each_edition(edition_home),
            lead=stories[0] if stories else None,
            top_stories=stories[1:top_end],
            latest=stories[top_end:],
            section_blocks=section_blocks,
            **kwargs,
        )


class TagArticleList(PublishedArticleMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.count_name = f"tag:{self.tag.pk}"
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **edition_links.same_page_in_each_edition(
                lambda language: edition_links.url_in_edition(
                    "articles:tag", language, slug=self.tag.slug
                )
            ),
            tag=self.tag,
            **kwargs,
        )


class AuthorArticleList(PublishedArticleMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        self.count_name = f"author:{self.author.pk}"
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **edition_links.same_page_in_each_edition(
                lambda language: edition_links.url_in_edition(
                    "articles:author", language, slug=self.author.slug
                )
            ),
            author=self.author,
            **kwargs,
        )


class SectionDetail(CountOncePerVersionMixin, ListView):
    """A section page: its stories and those of its sub-sections, newest first."""

    template_name = "articles/section_detail.html"
    paginate_by = 20

    def get_queryset(self):
        self.section = self.kwargs["section"]
        # The tree's token: a section moved in or out below this one changes the count.
        self.count_name = f"section:{self.section.pk}:{Section.objects.tree().token}"
        return selectors.cards().in_section(self.section).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **edition_links.same_page_in_each_edition(
                lambda language: page_url(self.section.path, language=language)
            ),
            section=self.section,
            subsections=Section.objects.tree().children_of(self.section),
            **kwargs,
        )


class InOtherEdition(Exception):
    """The story asked for lives in another edition than the address's."""

    def __init__(self, article: Article):
        super().__init__(article.language)
        self.article = article


class PublishedStoryMixin:
    """The published story at `section_path`/`slug` (the full page and the lite one),
    in its own edition only: asked at another edition's prefix (an old unprefixed link
    to a Burmese story, say), the answer is a 301 to the story's own address."""

    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except InOtherEdition as moved:
            target = self.address_in_edition(moved.article)
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    def address_in_edition(self, article: Article) -> str:
        """Where the story lives, for a request that came to the wrong edition."""
        return article.get_absolute_url()

    def get_object(self, queryset=None):
        # By the stored path, not the tree of active sections: a published story stays
        # public when its section is switched off (which only hides the section).
        try:
            article = selectors.article_page(
                section_path=self.kwargs["section_path"],
                slug=self.kwargs["slug"],
                request=self.request,
            )
        except Article.DoesNotExist:
            raise Http404("No such article.") from None
        if article.language != edition_language():
            raise InOtherEdition(article)
        return article


class ArticleDetail(PublishedStoryMixin, DetailView):
    """An article at its primary section's path, with everything around the story."""

    template_name = "articles/article_detail.html"
    # The "Related" box goes inside the body, after this many paragraphs.
    related_after_paragraph = 3

    def get_context_data(self, **kwargs):
        wide = self.object.kind == Article.Kind.PHOTO_ESSAY
        body = render_body(self.object.body, mode=Mode.WIDE_PAGE if wide else Mode.PAGE)
        body_before, body_after = split_after_paragraph(body, self.related_after_paragraph)
        return super().get_context_data(
            **edition_links.story_links(self.object),
            body_before=body_before,
            body_after=body_after,
            # The sidebar's lists are worked out and checked with the blocks' own.
            around=around_story(
                self.object, request=self.request, with_lists=selectors.sidebar_lists()
            ),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ArticlePreview(ArticleDetail):
    """An editor's story, whatever its status, behind a signed expiring link."""

    template_name = "articles/article_preview.html"

    def get_queryset(self):
        # Any status: the signed link is the permission (see `articles.previews`).
        return Article.objects.for_page().with_counterpart()

    def get_object(self, queryset=None):
        article_id = previews.article_id_from_token(self.kwargs["token"])
        if article_id is None:
            raise Http404("This preview link is not valid or has expired.")
        return get_object_or_404(self.get_queryset(), pk=article_id)

    def get(self, request, *args, **kwargs):
        # In the story's language, whatever the link's prefix: the lists around it,
        # the page's words and its `lang` are its edition's.
        self.object = self.get_object()
        with translation.override(self.object.language):
            response = self.render_to_response(self.get_context_data(object=self.object))
            response.render()
        response["Content-Language"] = self.object.language
        return response

    def get_context_data(self, **kwargs):
        # Not for search engines: no alternates point at a preview.
        return {**super().get_context_data(is_preview=True, **kwargs), "alternates": []}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class CorrectionList(ListView):
    """The public list of corrections and updates, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30
    extra_context = {"page_name": gettext_lazy("Corrections and updates")}

    def get_queryset(self):
        return selectors.recent_corrections()


class SimilarArticleList(ListView):
    """Every "Similar picks" story for one article; the article's Load More pages here."""

    template_name = "articles/similar_list.html"
    paginate_by = SIMILAR_PAGE_SIZE

    def get_queryset(self):
        self.article = get_object_or_404(selectors.links(), pk=self.kwargs["pk"])
        return selectors.similar_stories(self.article)

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, **kwargs)


def section_or_article(request, path):
    """Serve /a/b/c/: the section a/b/c if there is one, else article c filed in a/b.

    A section's path and an article's look alike; only the tree of active sections
    tells them apart, so one URL pattern and this one view serve both.
    """
    return serve_section_or_story(
        request, path, section_view=SectionDetail.as_view(), story_view=ArticleDetail.as_view()
    )


def serve_section_or_story(request, path, *, section_view, story_view):
    """Answer `path` with `section_view` (given `section`) when it is an active
    section's, else with `story_view` (given `section_path` and `slug`): the full
    site's pages and the lite edition's tell the two apart the same way."""
    path = nfc(path)
    section = Section.objects.tree().by_path.get(path.strip("/"))
    if section is not None:
        return section_view(request, section=section)
    section_path, _, slug = path.rpartition("/")
    if not section_path or not slug:
        raise Http404("No such section.")
    return story_view(request, section_path=section_path, slug=slug)
