"""Strip what an uploaded image says about its source before anything is stored.

A phone photo carries EXIF (GPS position, camera serial number, photographer), XMP,
PNG text chunks and comments. For an exiled newsroom that can expose a source, so
every upload is decoded and re-encoded from its pixels alone: orientation applied,
the colour profile kept (colours would shift without it), everything else dropped.
The stored name is random, because the editor's file name can name a person or place.
"""

import io
import secrets

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

# The only `info` entries that describe pixels rather than their source; the encoders
# read the rest (comment, XMP, EXIF) from `info` too, so it is emptied before saving.
PIXEL_INFO = ("transparency",)


def unguessable_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"


def strip_metadata(file) -> ContentFile:
    """The image in `file` re-encoded without metadata, under an unguessable name.

    `file` must already have passed `validate_image_upload`. Animated GIF and WebP
    keep their frames, timing and looping.
    """
    file.seek(0)
    with PILImage.open(file) as image:
        image_format = image.format
        icc_profile = image.info.get("icc_profile")
        if getattr(image, "n_frames", 1) > 1:
            data = encode_animation(image, image_format, icc_profile)
        else:
            image.load()
            data = encode_still(ImageOps.exif_transpose(image), image_format, icc_profile)
    return ContentFile(data, name=unguessable_name(EXTENSIONS[image_format]))


def pixels_only(image: PILImage.Image) -> PILImage.Image:
    image.info = {key: image.info[key] for key in PIXEL_INFO if key in image.info}
    return image


def encoder_options(image_format: str, icc_profile: bytes | None) -> dict:
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        # Re-encoding costs a little quality; 90 keeps it invisible at article sizes.
        options |= {"quality": 90, "optimize": True}
    elif image_format == "WEBP":
        options |= {"quality": 90}
    elif image_format == "PNG":
        options |= {"optimize": True}
    return options


def encode_still(image: PILImage.Image, image_format: str, icc_profile: bytes | None) -> bytes:
    buffer = io.BytesIO()
    pixels_only(image).save(buffer, image_format, **encoder_options(image_format, icc_profile))
    return buffer.getvalue()


def encode_animation(image: PILImage.Image, image_format: str, icc_profile: bytes | None) -> bytes:
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(pixels_only(frame.copy()))
    options = encoder_options(image_format, icc_profile)
    if image.info.get("loop") is not None:
        options["loop"] = image.info["loop"]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        image_format,
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        **options,
    )
    return buffer.getvalue()
