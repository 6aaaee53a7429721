"""Library images in a body: tied to their `Image` when a story is saved, drawn with
the image's renditions, caption and credit when it is shown.

On save, `link_library_images()` marks every `<img>` that shows a library image (its
original or one of its renditions, by address) with `data-image-id`, so the body refers
to the image rather than to one file of it. Images from elsewhere are left as they are.

When shown, `render_image()` draws each marked image for where it goes (`Mode`):
a reader's page gets a responsive, lazily loaded `<img>` in a `<figure>` with caption
and credit; feeds and the API a plain `<img>` of one rendition; the lite edition the
original's address, which it turns into a text link.
"""

import re
from html import escape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q

from articles.content.body import SourceParser
from articles.content.rendering import (
    COLUMN_SIZES,
    IMAGE_ID,
    PAGE_WIDTH_SIZES,
    Block,
    BodyLibrary,
    Mode,
    figcaption,
    lite_src,
)
from newsroom.site import absolute_url

# The rendition readers' pages and feeds start from: sharp in a 42rem column.
BODY_WIDTH = 960
# A rendition's storage name: `renditions/<original's stem>-<width>w.webp`, or the
# e-mail copy's `-email.jpg`/`.png` (articles/content/images.py); storage may have
# added `_<7 characters>` to keep a name unique.
RENDITION_NAME = re.compile(r"renditions/(?P<stem>[^/]+)-(?:\d+w|email)(?:_\w{7})?\.\w+")
# One attribute of a start tag, with the space before it.
ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
# CKEditor's image styles; a figure keeps these for the reader's page (site.css §15).
STYLE_CLASS_PREFIX = "image-style-"
# A side or aligned image takes half the width a full one does (rendering.COLUMN_SIZES,
# PAGE_WIDTH_SIZES) from 40rem up.
SIDE_SIZES = "(min-width: 64rem) 21rem, (min-width: 40rem) 50vw, 100vw"
WIDE_SIDE_SIZES = "(min-width: 76rem) 37rem, (min-width: 40rem) 50vw, 100vw"
SIDE_STYLES = frozenset({"image-style-side", "image-style-align-left", "image-style-align-right"})


class _ImageTags(SourceParser):
    """Every `<img>` start tag in a body: its exact span and its attributes."""

    def __init__(self, html: str):
        super().__init__(html)
        self.tags: list[tuple[int, int, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            start = self.source_position()
            end = start + len(self.get_starttag_text())
            self.tags.append((start, end, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def _image_tags(html: str) -> list[tuple[int, int, dict[str, str]]]:
    return _ImageTags(html).run().tags


def storage_name(src: str) -> str | None:
    """The storage name of the upload `src` shows (`/media/images/a.png` → `images/a.png`),
    or None when `src` is not under MEDIA_URL, on the site's address or as given."""
    media_url = settings.MEDIA_URL
    if src.startswith(absolute_url("/")) and not urlsplit(media_url).scheme:
        src = src.removeprefix(absolute_url("/")[:-1])
    if not src.startswith(media_url):
        return None
    name = unquote(urlsplit(src.removeprefix(media_url)).path)
    return name or None


def _library_images(names: set[str], ids: set[int]) -> list:
    """The images stored under `names` (originals or renditions) or numbered `ids`: one query."""
    # Here, not at the top: the models link bodies with this module on every save.
    from articles.models import Image

    condition = Q(pk__in=ids) | Q(file__in=names)
    for name in names:
        rendition = RENDITION_NAME.fullmatch(name)
        if rendition:
            # The original's stem is in the rendition's name; which rendition it is,
            # is checked against the image's own list by the caller.
            condition |= Q(file__contains=f"/{rendition['stem']}.")
    # width and height too: the file field reads them as each row is loaded.
    fields = ["pk", "file", "width", "height", "renditions", "email_rendition"]
    return list(Image.objects.filter(condition).only(*fields))


def _with_image_id(tag: str, image_id: int | None) -> str:
    """The `<img …>` start tag `tag` with its `data-image-id` set to `image_id`, or
    without one; its other attributes as they were written."""
    parts, position = [tag[: len("<img")]], len("<img")
    while attribute := ATTRIBUTE.match(tag, position):
        if attribute[1].lower() != "data-image-id":
            parts.append(attribute[0])
        position = attribute.end()
    if image_id is not None:
        parts.append(f' data-image-id="{image_id}"')
    parts.append(tag[position:])
    return "".join(parts)


def link_library_images(html: str) -> str:
    """`html` with each `<img>` of a library image marked with its `data-image-id`, and
    every `data-image-id` that names no image (or is not a number) taken away.

    The address decides: an `<img>` showing image 7's file is image 7's whatever id it
    claimed. Only the `<img>` tags that change are rewritten; the rest of the body is
    kept byte for byte. One query for the whole body, none without a library image
    or an id to check.
    """
    if not html or "<img" not in html:
        return html
    tags = _image_tags(html)
    names = {storage_name(attrs.get("src", "")) for _, _, attrs in tags} - {None}
    claimed = {
        int(attrs["data-image-id"])
        for _, _, attrs in tags
        if IMAGE_ID.fullmatch(attrs.get("data-image-id", ""))
    }
    images = _library_images(names, claimed) if names or claimed else []
    by_name = {}
    for image in images:
        for name in (image.file.name, *image.renditions.values(), image.email_rendition):
            if name:
                by_name[name] = image.pk
    known_ids = {image.pk for image in images}
    parts, position = [], 0
    for start, end, attrs in tags:
        current = attrs.get("data-image-id")
        image_id = by_name.get(storage_name(attrs.get("src", "")))
        if image_id is None and current is not None and IMAGE_ID.fullmatch(current):
            image_id = int(current) if int(current) in known_ids else None
        if current == (None if image_id is None else str(image_id)):
            continue
        parts.append(html[position:start])
        parts.append(_with_image_id(html[start:end], image_id))
        position = end
    parts.append(html[position:])
    return "".join(parts)


def render_image(block: Block, *, library: BodyLibrary, mode: Mode) -> str | None:
    """The library image `block` refers to, drawn for `mode`; "" when the image is gone.

    The body's alt text and caption are the editor's words for this story and win;
    the library's fill in where the body has none. The credit is always the library's.
    """
    if block.image_id is None:
        return None
    image = library.images.get(block.image_id)
    if image is None:
        return ""
    alt = block.attrs.get("alt", "").strip() or image.alt_text
    if mode.on_page:
        img = _page_img(image, alt=alt, sizes=_sizes(block.classes, wide=mode == Mode.WIDE_PAGE))
    elif mode == Mode.FEED:
        img = _feed_img(image, alt=alt)
    else:
        img = f'<img src="{escape(lite_src(image))}" alt="{escape(alt)}">'
    if not block.in_figure:
        return img
    if block.link and block.link.get("href"):
        img = f"<a{_attributes(block.link)}>{img}</a>"
    figcaption = _figcaption(block, image)
    if not mode.on_page:
        return f"<figure>{img}{figcaption}</figure>"
    styles = [name for name in block.classes if name.startswith(STYLE_CLASS_PREFIX)]
    classes = " ".join(["body-image", *styles])
    return f'<figure class="{escape(classes)}">{img}{figcaption}</figure>'


def _sizes(classes: list[str], *, wide: bool) -> str:
    if SIDE_STYLES.intersection(classes):
        return WIDE_SIDE_SIZES if wide else SIDE_SIZES
    return PAGE_WIDTH_SIZES if wide else COLUMN_SIZES


def _page_img(image, *, alt: str, sizes: str) -> str:
    # Here, not at the top: the tags' module reads the models, which link bodies with this one.
    from articles.templatetags.article_tags import img_tag

    return img_tag(
        image,
        src=image.rendition_url(BODY_WIDTH),
        srcset=image.srcset_with_original,
        size=(image.width, image.height),
        sizes=sizes,
        lazy=True,
        css_class="",
        decorative=False,
        alt=alt,
    )


def _feed_img(image, *, alt: str) -> str:
    """One rendition, with its own width and height: a feed reader may apply no style,
    and would draw the original's size."""
    wider = sorted(int(width) for width in image.renditions if int(width) >= BODY_WIDTH)
    size = ""
    if image.width:
        width = wider[0] if wider else image.width
        size = f' width="{width}" height="{round(image.height * width / image.width)}"'
    return f'<img src="{escape(image.rendition_url(BODY_WIDTH))}" alt="{escape(alt)}"{size}>'


def _attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())


def _figcaption(block: Block, image) -> str:
    """The body's caption (already sanitised HTML) or the library's, and the credit."""
    return figcaption((block.caption_html or "").strip() or escape(image.caption), image.credit)
