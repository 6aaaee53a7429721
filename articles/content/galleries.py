"""Galleries in a body: `<oembed url="gallery:12">` drawn as its photos, in order.

On a reader's page a gallery is a `<figure class="gallery">` holding an ordered list of
figures: without JavaScript a plain sequence of photos with their captions and credits;
`static/js/site.js` (section "Galleries") turns the list into a strip with Previous and
Next buttons, arrow keys and a "3 of 12" count, all read from this markup. Feeds, the
API and the lite edition get the same figures, plain.

A gallery that is gone, or holds no photo, is left out of the story.
"""

from django.utils.formats import number_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.content.rendering import COLUMN_SIZES, PAGE_WIDTH_SIZES, Mode, figcaption, lite_src
from newsroom.text import local_digits

# Feeds and the API: one plain image a reader's app can show at any width.
FEED_WIDTH = 1280


def render_gallery(block, *, library, mode):
    """The gallery `block` refers to, drawn for `mode`; "" if it is gone or empty."""
    photos = [item for item in library.galleries.get(block.gallery_id, []) if item.image.file]
    if not photos:
        return ""
    if mode == Mode.PAGE:
        return _page_gallery(photos, sizes=COLUMN_SIZES)
    if mode == Mode.WIDE_PAGE:
        return _page_gallery(photos, sizes=PAGE_WIDTH_SIZES)
    return format_html_join("", "{}", ((_plain_photo(item, mode),) for item in photos))


def caption_of(item) -> str:
    """The photo's caption in this gallery, else the image's own."""
    return item.caption or item.image.caption


def credit_of(item) -> str:
    return item.credit or item.image.credit


def count_label(count: int) -> str:
    """ "Gallery: 12 photos", in the page's language and digits."""
    return ngettext("Gallery: %(count)s photo", "Gallery: %(count)s photos", count) % {
        "count": local_digits(number_format(count))
    }


def position_label(position: int, count: int) -> str:
    """ "3 of 12": which photo of the gallery the viewer shows."""
    # Translators: the gallery viewer's count, e.g. "3 of 12" (photos).
    return _("%(position)s of %(count)s") % {
        "position": local_digits(number_format(position)),
        "count": local_digits(number_format(count)),
    }


def _page_gallery(photos, *, sizes: str) -> SafeString:
    count = len(photos)
    items = format_html_join(
        "\n",
        '<li class="gallery-item" data-gallery-position="{}">{}</li>',
        (
            (position_label(position, count), _page_photo(item, sizes=sizes))
            for position, item in enumerate(photos, start=1)
        ),
    )
    return format_html(
        '<figure class="gallery" data-gallery>\n'
        '<figcaption class="gallery-label">{}</figcaption>\n'
        '<ol class="gallery-items" aria-label="{}">\n{}\n</ol>\n'
        '<div class="gallery-controls" hidden>'
        '<button type="button" data-gallery-previous>{}</button>'
        '<p class="gallery-count" aria-live="polite" data-gallery-count></p>'
        '<button type="button" data-gallery-next>{}</button>'
        "</div>\n</figure>",
        count_label(count),
        _("Photos"),
        items,
        _("Previous photo"),
        _("Next photo"),
    )


def _page_photo(item, *, sizes: str) -> SafeString:
    # Here, not at the top: the tags' module reads the models, which sanitise with this one.
    from articles.templatetags.article_tags import responsive_image

    return format_html(
        "<figure>{}{}</figure>", responsive_image(item.image, sizes=sizes), _caption(item)
    )


def _plain_photo(item, mode) -> SafeString:
    image = item.image
    src = lite_src(image) if mode == Mode.LITE else image.rendition_url(FEED_WIDTH)
    return format_html(
        '<figure><img src="{}" alt="{}">{}</figure>', src, image.alt_text, _caption(item)
    )


def _caption(item) -> SafeString:
    return figcaption(escape(caption_of(item)), credit_of(item))
