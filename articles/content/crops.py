"""Crops made around an image's focal point, so the subject stays in every frame.

- "share": the link-preview image (`og:image`), a 1200×630 JPEG as Facebook, X and
  Telegram expect; small images are scaled up so the size is always exact.
- "card": WebP at the list cards' widths, in the cards' 3:2 shape (site.css
  `.card-image img`), for home, section, tag, author and search lists and the sidebar.
- "email": a JPEG (PNG if see-through) in the same shape for newsletter cards:
  Outlook shows no WebP.

Each crop is stored as {width: storage name} under `Image.crops[<crop name>]`.
Crops are cut from the stored original, which carries no metadata
(`articles.content.image_metadata`); only its colour profile is copied over.
"""

import posixpath

from PIL import Image as PILImage

from articles.content.images import open_stored, resized, store, store_for_email

SHARE_SIZE = (1200, 630)
CARD_RATIO = (3, 2)


def crop_box(
    size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest (left, top, right, bottom) box of shape `ratio` inside an image of
    `size`, centred on the focal point (fractions from the top left) as far as the
    image's edges allow."""
    width, height = size
    aspect = ratio[0] / ratio[1]
    if width / height > aspect:
        box_width, box_height = max(1, round(height * aspect)), height
    else:
        box_width, box_height = width, max(1, round(width / aspect))
    left = clamp(round(focal[0] * width - box_width / 2), 0, width - box_width)
    top = clamp(round(focal[1] * height - box_height / 2), 0, height - box_height)
    return left, top, left + box_width, top + box_height


def clamp(value: int, lowest: int, highest: int) -> int:
    return max(lowest, min(value, highest))


def make_crops(
    field_file, *, focal: tuple[float, float], card_widths, email_width: int
) -> dict[str, dict[str, str]]:
    """Cut and store the share, card and e-mail crops of the image in `field_file`.

    Card crops come at each of `card_widths` narrower than the crop, and at the crop's
    own width up to the widest of them: never scaled up, like the renditions.
    """
    storage = field_file.storage
    stem = posixpath.splitext(posixpath.basename(field_file.name))[0]
    source, icc_profile = open_stored(field_file)
    crops = {}

    share = source.crop(crop_box(source.size, SHARE_SIZE, focal))
    share = on_white(share).resize(SHARE_SIZE, PILImage.Resampling.LANCZOS)
    crops["share"] = {
        str(SHARE_SIZE[0]): store(
            storage, f"crops/{stem}-share.jpg", share, "JPEG", icc_profile=icc_profile
        )
    }

    card = source.crop(crop_box(source.size, CARD_RATIO, focal))
    widest = min(card.width, max(card_widths))
    widths = [width for width in sorted(card_widths) if width < widest] + [widest]
    crops["card"] = {
        str(width): store(
            storage,
            f"crops/{stem}-card-{width}w.webp",
            resized(card, width),
            "WEBP",
            icc_profile=icc_profile,
        )
        for width in widths
    }

    email_width = min(email_width, card.width)
    crops["email"] = {
        str(email_width): store_for_email(
            storage, f"crops/{stem}-card-email", resized(card, email_width), icc_profile=icc_profile
        )
    }
    return crops


def on_white(image):
    """A JPEG has no see-through pixels: lay them on white, not on black."""
    if image.mode != "RGBA":
        return image
    background = PILImage.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def crop_height(width: int, ratio: tuple[int, int]) -> int:
    return max(1, round(width * ratio[1] / ratio[0]))
