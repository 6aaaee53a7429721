"""Galleries in the admin: the gallery's ordered photos, and the search the story
editor's "Add gallery" dialog asks (`static/admin/js/galleries.js`,
`templates/admin/articles/article/gallery_picker.html`)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import thumbnail
from articles.models import Gallery, GalleryItem
from articles.search.query import search_box_text
from newsroom.zawgyi_forms import ZawgyiAdminMixin, ZawgyiModelForm

SEARCH_MAX_LENGTH = 200
SEARCH_PAGE_SIZE = 20


class GalleryItemInline(admin.TabularInline):
    """The photos, in the order of their position numbers; empty caption and credit
    show the image's own."""

    model = GalleryItem
    form = ZawgyiModelForm
    extra = 3
    autocomplete_fields = ["image"]
    fields = ["position", "image", "preview", "caption", "credit"]
    readonly_fields = ["preview"]
    verbose_name_plural = _("photos (in order of position)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description=_("preview"))
    def preview(self, item):
        return thumbnail(item.image if item.image_id else None, width=96)


def with_photos(galleries):
    """`galleries` with their photo count and their photos (images read alongside)."""
    photos = GalleryItem.objects.select_related("image")
    return galleries.annotate(photo_count=Count("items")).prefetch_related(
        Prefetch("items", queryset=photos)
    )


def cover_of(gallery):
    """The gallery's first photo's image, from its prefetched photos."""
    first = next(iter(gallery.items.all()), None)
    return first.image if first else None


def photo_count_label(count: int) -> str:
    return ngettext("%(count)d photo", "%(count)d photos", count) % {"count": count}


@admin.register(Gallery)
class GalleryAdmin(ZawgyiAdminMixin, admin.ModelAdmin):
    inlines = [GalleryItemInline]
    list_display = ["cover", "title", "photo_count", "created_at"]
    list_display_links = ["cover", "title"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    fields = ["title"]

    class Media:
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def get_queryset(self, request):
        return with_photos(super().get_queryset(request))

    def get_urls(self):
        search = path(
            "search/",
            self.admin_site.admin_view(self.search_view),
            name="articles_gallery_search",
        )
        return [search, *super().get_urls()]

    @admin.display(description=_("first photo"))
    def cover(self, gallery):
        return thumbnail(cover_of(gallery), width=96)

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, gallery):
        return gallery.photo_count

    def search_view(self, request):
        """Galleries whose title holds `q`, newest first, a page (`page`) at a time:
        what the "Add gallery" dialog lists. Staff with view permission only."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = search_box_text(request.GET.get("q"))
        if len(query) > SEARCH_MAX_LENGTH:
            message = _("Search for at most %(count)d characters.") % {"count": SEARCH_MAX_LENGTH}
            return JsonResponse({"error": message}, status=400)
        galleries = with_photos(Gallery.objects.order_by("-created_at", "-pk"))
        if query:
            galleries = galleries.filter(title__icontains=query)
        page = Paginator(galleries, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        results = []
        for gallery in page:
            cover = cover_of(gallery)
            results.append(
                {
                    "id": gallery.pk,
                    "title": gallery.title,
                    "photos": photo_count_label(gallery.photo_count),
                    "thumbnail": cover.rendition_url(320) if cover and cover.file else "",
                }
            )
        return JsonResponse({"results": results, "page": page.number, "has_next": page.has_next()})
