"""What a story's share card and search snippet say: `<title>`, meta description,
OpenGraph and X (Twitter) cards.

An editor may write a title and a description for search and sharing and pick
another picture; each falls back to the headline, the standfirst and the featured
image. The picture is the 1200×630 JPEG cut around its focal point
(`articles.content.crops`), which every link preview shows whole.
"""

import mimetypes
from dataclasses import dataclass

from articles.content.crops import SHARE_SIZE
from newsroom.site import absolute_url

# What search results and link previews show before cutting the text short.
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 155
# The widest rendition, for an image not yet cropped.
UNCROPPED_WIDTH = 1280


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute, on the site's address: what link previews fetch
    src: str  # as the site's own pages link it (the admin's preview)
    width: int | None
    height: int | None
    mime_type: str
    alt: str


@dataclass(frozen=True)
class ShareCard:
    title: str
    description: str
    image: ShareImage | None


def share_card(article) -> ShareCard:
    """The card for `article`: its own search-and-sharing fields, else the story's."""
    image = article.social_image or article.featured_image
    return ShareCard(
        title=article.seo_title or article.headline,
        description=article.meta_description or article.standfirst,
        image=share_image(image) if image is not None else None,
    )


def share_image(image) -> ShareImage:
    """The image's share crop, absolute; its widest rendition until it is cropped."""
    url = image.share_url
    if image.crops.get("share"):
        width, height, mime_type = *SHARE_SIZE, "image/jpeg"
    else:
        width = min(image.width, UNCROPPED_WIDTH) if image.width else None
        height = round(image.height * width / image.width) if width else None
        mime_type = mimetypes.guess_type(url)[0] or ""
    return ShareImage(
        url=absolute_url(url),
        src=url,
        width=width,
        height=height,
        mime_type=mime_type,
        alt=image.alt_text,
    )
