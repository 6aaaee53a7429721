"""A stored body turned into what a reader gets: library images, embeds and galleries
are kept in the body as references and drawn here, when the body is shown.

The stored (sanitised) body holds three kinds of reference:
- a library image: `<img data-image-id="7" src=… alt=…>`, alone or in a CKEditor
  `<figure class="image">` with an optional `<figcaption>` (`body_images.py`);
- an embed: CKEditor's `<figure class="media"><oembed url="https://…"></oembed></figure>`
  (`embeds.py`);
- a gallery: the same element with `url="gallery:12"` (`galleries.py`).

`load_library()` reads everything a set of bodies refers to in at most three queries
(none when nothing is referred to), so a page or a feed costs the same whatever its
stories hold; `render_body()` then swaps each reference for its HTML.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.content.body import SourceParser

GALLERY_SCHEME = "gallery:"
# How wide a body's photo (an image or a gallery) is drawn on a reader's page (site.css
# §10 and §15): the story's column, 42rem from 64rem up; on a photo essay's page
# (`.article-page--photo-essay`) the page's width (`--wrap`); the screen on narrow ones.
COLUMN_SIZES = "(min-width: 64rem) 42rem, 100vw"
PAGE_WIDTH_SIZES = "(min-width: 76rem) 74rem, 100vw"
IMAGE_ID = re.compile(r"[1-9][0-9]{0,17}")
GALLERY_URL = re.compile(r"gallery:([1-9][0-9]{0,17})")


class Mode(StrEnum):
    """Where a rendered body goes."""

    PAGE = "page"  # a reader's page: renditions, facades, progressive enhancement
    WIDE_PAGE = "wide-page"  # a photo essay's page: the same, photos at the page's width
    FEED = "feed"  # feeds and the API: no script, embeds as links (URLs made absolute later)
    LITE = "lite"  # the lite edition, before `articles.lite.body` makes images links

    @property
    def on_page(self) -> bool:
        return self in (Mode.PAGE, Mode.WIDE_PAGE)


@dataclass
class Block:
    """One reference in a body: its span in the HTML and what it holds."""

    kind: str  # "image", "embed" or "gallery"
    start: int
    end: int
    classes: list[str] = field(default_factory=list)  # the figure's; [] for a bare <img>
    attrs: dict[str, str] = field(default_factory=dict)  # the <img>'s or the <oembed>'s
    caption_html: str | None = None  # the <figcaption>'s inner HTML, if any
    in_figure: bool = True
    link: dict[str, str] | None = None  # the attributes of an <a> around the figure's <img>

    @property
    def image_id(self) -> int | None:
        value = self.attrs.get("data-image-id", "")
        return int(value) if IMAGE_ID.fullmatch(value) else None

    @property
    def url(self) -> str:
        return self.attrs.get("url", "")

    @property
    def gallery_id(self) -> int | None:
        match = GALLERY_URL.fullmatch(self.url)
        return int(match[1]) if match else None


@dataclass
class BodyLibrary:
    """What a set of bodies refers to, by id or URL."""

    images: dict = field(default_factory=dict)
    galleries: dict = field(default_factory=dict)  # gallery id → its photos, in order
    embeds: dict = field(default_factory=dict)
    # Each body `load_library()` read → its references, so drawing it parses it no more.
    found: dict[str, list[Block]] = field(default_factory=dict)


class _BlockFinder(SourceParser):
    def __init__(self, html: str):
        super().__init__(html)
        self.blocks: list[Block] = []
        self.figure: Block | None = None
        self.figure_depth = 0
        self.caption_start: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self.figure is not None:
            if tag == "figure":
                self.figure_depth += 1
            elif tag == "img" and not self.figure.attrs:
                self.figure.attrs = attributes
            elif tag == "a" and not self.figure.attrs and self.figure.link is None:
                self.figure.link = attributes  # CKEditor's linked image: <a><img></a>
            elif tag == "oembed" and not self.figure.attrs:
                self.figure.attrs = attributes
                self.figure.kind = "oembed"
            elif tag == "figcaption" and self.caption_start is None:
                self.caption_start = self.tag_end()
            return
        if tag == "figure":
            self.figure = Block(
                kind="figure",
                start=self.source_position(),
                end=-1,
                classes=attributes.get("class", "").split(),
            )
            self.figure_depth = 1
        elif tag == "img" and "data-image-id" in attributes:
            start = self.source_position()
            self.blocks.append(
                Block(
                    kind="image",
                    start=start,
                    end=self.tag_end(),
                    attrs=attributes,
                    in_figure=False,
                )
            )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.figure is None:
            return
        if (
            tag == "figcaption"
            and self.caption_start is not None
            and (self.figure.caption_html is None)
        ):
            self.figure.caption_html = self.html[self.caption_start : self.source_position()]
        elif tag == "figure":
            self.figure_depth -= 1
            if self.figure_depth == 0:
                self.close_figure()

    def close_figure(self):
        figure, self.figure, self.caption_start = self.figure, None, None
        figure.end = self.tag_end()
        if figure.kind == "oembed":
            figure.kind = "gallery" if figure.url.startswith(GALLERY_SCHEME) else "embed"
            self.blocks.append(figure)
        elif figure.image_id is not None:
            figure.kind = "image"
            self.blocks.append(figure)


def figcaption(caption_html: str, credit: str) -> SafeString:
    """A photo's `<figcaption>`: its caption (HTML, already safe) and then its credit
    ("Photo: …"); "" when it has neither."""
    parts = [caption_html] if caption_html else []
    if credit:
        words = _("Photo: %(credit)s") % {"credit": escape(credit)}
        parts.append(f'<span class="credit">{words}</span>')
    return mark_safe(f"<figcaption>{' '.join(parts)}</figcaption>" if parts else "")


def lite_src(image) -> str:
    """The picture a lite-edition reader gets, behind a link or with `?images=1`: the
    640 px JPEG or PNG made for e-mails, which any phone shows and which weighs far
    less than the original; the original for an image stored before those existed."""
    return image.email_url or image.file.url


def find_blocks(html: str) -> list[Block]:
    """The references in `html`, in order of appearance."""
    if not html or ("data-image-id" not in html and "<oembed" not in html):
        return []
    return _BlockFinder(html).run().blocks


def load_library(bodies: Iterable[str]) -> BodyLibrary:
    """Everything `bodies` refer to: at most one query per kind, none for a kind unused."""
    found = {html: find_blocks(html) for html in bodies}
    library = _library_for(block for blocks in found.values() for block in blocks)
    library.found = found
    return library


def _library_for(blocks: Iterable[Block]) -> BodyLibrary:
    # Here, not at the top: the models sanitise bodies with modules that import this one.
    from articles.models import Embed, GalleryItem, Image

    image_ids, gallery_ids, embed_urls = set(), set(), set()
    for block in blocks:
        if block.kind == "image" and block.image_id is not None:
            image_ids.add(block.image_id)
        elif block.kind == "gallery" and block.gallery_id is not None:
            gallery_ids.add(block.gallery_id)
        elif block.kind == "embed" and block.url:
            embed_urls.add(block.url)
    library = BodyLibrary()
    if image_ids:
        library.images = Image.objects.in_bulk(image_ids)
    if gallery_ids:
        # The photos alone, by gallery: a gallery without photos shows nothing anyway.
        items = GalleryItem.objects.filter(gallery__in=gallery_ids).select_related("image")
        for item in items:
            library.galleries.setdefault(item.gallery_id, []).append(item)
    if embed_urls:
        embeds = Embed.objects.filter(url__in=embed_urls).select_related("thumbnail")
        library.embeds = {embed.url: embed for embed in embeds}
    return library


def render_body(html: str, *, library: BodyLibrary | None = None, mode: Mode = Mode.PAGE) -> str:
    """`html` with each reference drawn for `mode`; a reference whose target is gone
    (a deleted image or gallery) is left out or, for an embed, left as a link."""
    # Here, not at the top: each renderer imports `Block` and `Mode` from this module.
    from articles.content import body_images, embeds, galleries

    blocks = library.found.get(html) if library is not None else None
    if blocks is None:
        blocks = find_blocks(html)
    if not blocks:
        return html
    if library is None:
        library = _library_for(blocks)
    renderers = {
        "image": body_images.render_image,
        "embed": embeds.render_embed,
        "gallery": galleries.render_gallery,
    }
    parts, position = [], 0
    for block in blocks:
        parts.append(html[position : block.start])
        rendered = renderers[block.kind](block, library=library, mode=mode)
        parts.append(html[block.start : block.end] if rendered is None else rendered)
        position = block.end
    parts.append(html[position:])
    return "".join(parts)
