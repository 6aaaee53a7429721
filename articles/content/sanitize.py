"""Sanitise article HTML so nothing an editor pastes can run in a reader's browser.

The allowlist is what CKEditor 5 produces with our toolbar (headings, lists, links,
images in figures with captions and style classes, block quotes, tables) and nothing
more. It runs in `Article.save()`, so a POST that bypasses the editor is cleaned too.
"""

import nh3

from articles.content.embeds import settle_embeds
from newsroom.text import nfc

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "code", "pre", "span",
    "blockquote", "ul", "ol", "li",
    "a", "img", "figure", "figcaption", "picture", "source", "oembed",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # data-image-id: the library image (articles/content/body_images.py).
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "data-image-id"},
    # CKEditor's media embed: a link, vetted against the providers (content/embeds.py).
    "oembed": {"url"},
    "source": {"srcset", "sizes", "type", "media"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "span": {"lang"},
    "p": {"lang"},
    "blockquote": {"lang"},
}

# The classes CKEditor 5 puts on figures for image styles and tables.
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "image_resized",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-right",
        "image-style-align-center",
        "image-style-block-align-left",
        "image-style-block-align-right",
        "table",
        "media",
    },
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` with only allowed markup left, NFC-normalised."""
    if not html:
        return ""
    cleaned = nh3.clean(
        nfc(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return settle_embeds(cleaned)
