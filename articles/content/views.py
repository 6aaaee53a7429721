"""The body editor's media library: upload an image with its description, or find one
already in the library (`static/admin/js/body_images.js` uses both).

Both answer JSON: CKEditor's upload adapter reads `{"error": {"message": …}}` and
shows the message; the "Add image" dialog shows it beside the form.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.forms import ImageAdminForm
from articles.models import Image
from articles.search.query import search_box_text
from articles.workflow import roles

LIBRARY_PAGE_SIZE = 24
LIBRARY_QUERY_MAX_LENGTH = 200
THUMBNAIL_WIDTH = 320


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)


def _refusal() -> JsonResponse:
    return _error(_("Your account may not upload images."), 403)


def library_entry(image: Image) -> dict:
    """What the editor needs to show and insert `image`."""
    return {
        "id": image.pk,
        "url": image.file.url,
        "thumbnail": image.rendition_url(THUMBNAIL_WIDTH),
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
    }


@staff_member_required
@require_POST
def editor_image_upload(request):
    """An image for the body: it joins the media library with its alt text (required),
    caption and credit. Dragged or pasted files come without alt text and are refused
    with a message that says how to add them."""
    if not roles.can_upload_images(request.user):
        return _refusal()
    upload = request.FILES.get("upload")
    if upload is None:
        return _error(_("Choose an image file to upload."), 400)
    if not request.POST.get("alt_text", "").strip():
        return _error(
            _(
                "An image needs alt text: a description for readers who cannot see it. "
                "Use the “Add image” button above the editor to upload it with one."
            ),
            400,
        )
    form = ImageAdminForm(
        data={name: request.POST.get(name, "") for name in ("alt_text", "caption", "credit")},
        files={"file": upload},
    )
    if not form.is_valid():
        # The dialog checks the text fields as they are typed; what is left is about
        # the file, and says so ("Upload a JPEG, PNG, GIF or WebP image…").
        return _error(" ".join(" ".join(errors) for errors in form.errors.values()), 400)
    return JsonResponse(library_entry(form.save()))


@staff_member_required
@require_GET
def image_library(request):
    """The media library, newest first, searched by alt text, caption and credit:
    `?q=` (at most 200 characters) and `?page=` (a page that is not a number is the
    first; one past the end, the last)."""
    if not roles.can_upload_images(request.user):
        return _refusal()
    query = search_box_text(request.GET.get("q"))
    if len(query) > LIBRARY_QUERY_MAX_LENGTH:
        return _error(
            _("Search with at most %(count)d characters.") % {"count": LIBRARY_QUERY_MAX_LENGTH},
            400,
        )
    images = Image.objects.order_by("-uploaded_at", "-pk")
    if query:
        images = images.filter(
            Q(alt_text__icontains=query) | Q(caption__icontains=query) | Q(credit__icontains=query)
        )
    page = Paginator(images, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "results": [library_entry(image) for image in page],
            "page": page.number,
            "has_next": page.has_next(),
            "count": page.paginator.count,
        }
    )
