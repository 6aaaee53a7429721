from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Image, Tag
from sections.models import Section
from sections.views import SectionDetail


class PublishedArticleMixin:
    """Start every public article list from `published()`, ready for cards."""

    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_cards().newest_first()


class TagArticleList(PublishedArticleMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorArticleList(PublishedArticleMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetail(DetailView):
    context_object_name = "article"

    def get_object(self, queryset=None):
        section = Section.objects.tree().by_path.get(self.kwargs["section_path"])
        if section is None:
            raise Http404("No such section.")
        return get_object_or_404(
            Article.objects.published().for_cards(),
            primary_section=section,
            slug=self.kwargs["slug"],
        )


def article_or_section(request, section_path, slug):
    """Serve /a/b/c/: the section a/b/c if there is one, else article c in a/b."""
    if f"{section_path}/{slug}" in Section.objects.tree().by_path:
        return SectionDetail.as_view()(request, path=f"{section_path}/{slug}")
    return ArticleDetail.as_view()(request, section_path=section_path, slug=slug)


@staff_member_required
@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: the file joins the media library as an `Image`."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "No file was sent."}}, status=400)
    image = Image(file=upload, alt_text=upload.name.rsplit(".", 1)[0][:300] or "Image")
    try:
        image.full_clean()
    except ValidationError as error:
        message = " ".join(" ".join(messages) for messages in error.message_dict.values())
        return JsonResponse({"error": {"message": message}}, status=400)
    image.save()
    return JsonResponse({"url": image.file.url})
