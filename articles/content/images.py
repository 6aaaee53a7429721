"""Image upload checks and WebP renditions for responsive `srcset`."""

import io
import posixpath
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_upload(file) -> None:
    """Refuse non-images, oversized files and decompression bombs with a clear message.

    Only the header is read to learn the pixel size, so a bomb is refused before
    anything is decoded. A file already in storage (an image's form saved again
    without a new upload) was checked when it came; it is not read again.
    """
    if getattr(file, "_committed", False):
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            },
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                width, height = image.size
                image_format = image.format
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is not one."), code="not_image"
        )
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is %(format)s.")
            % {"format": image_format},
            code="not_image",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)s×%(height)s pixels; the limit is %(limit)s million pixels.")
            % {"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )


def make_renditions(field_file, widths, *, email_width: int) -> tuple[dict[str, str], str]:
    """Write WebP copies of the image at each width narrower than the original, and one
    JPEG (PNG if it has see-through pixels) for e-mail, where Outlook shows no WebP.

    Returns ({width: storage name}, e-mail storage name). The original is always usable
    as the widest size. Renditions are made from the stored original, which carries no
    metadata (`articles.content.image_metadata`), and only its colour profile is copied over;
    an animated GIF's renditions show its first frame.
    """
    storage = field_file.storage
    stem = posixpath.splitext(posixpath.basename(field_file.name))[0]
    source, icc_profile = open_stored(field_file)
    renditions = {}
    for width in sorted(widths):
        if width >= source.width:
            break
        renditions[str(width)] = store(
            storage,
            f"renditions/{stem}-{width}w.webp",
            resized(source, width),
            "WEBP",
            icc_profile=icc_profile,
        )
    email = resized(source, min(email_width, source.width))
    email_name = store_for_email(
        storage, f"renditions/{stem}-email", email, icc_profile=icc_profile
    )
    return renditions, email_name


def open_stored(field_file) -> tuple[PILImage.Image, bytes | None]:
    """The stored image's (first frame's) pixels as RGB or RGBA, and its colour profile."""
    field_file.open("rb")
    try:
        with PILImage.open(field_file) as original:
            original.load()
            icc_profile = original.info.get("icc_profile")
            source = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
    finally:
        field_file.close()
    return source, icc_profile


# Encoder settings per format: WebP for pages, JPEG or PNG for e-mail and share cards.
ENCODERS = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 80, "optimize": True},
    "PNG": {"optimize": True},
}


def store(storage, name: str, image, image_format: str, *, icc_profile: bytes | None) -> str:
    """Encode `image` with only its colour profile and save it; returns the storage name."""
    options = {"icc_profile": icc_profile} if icc_profile else {}
    buffer = io.BytesIO()
    image.save(buffer, image_format, **ENCODERS[image_format], **options)
    return storage.save(name, ContentFile(buffer.getvalue()))


def store_for_email(storage, stem: str, image, *, icc_profile: bytes | None) -> str:
    """A PNG if the image has see-through pixels, else a JPEG: never WebP (Outlook)."""
    if has_transparency(image):
        return store(storage, f"{stem}.png", image, "PNG", icc_profile=icc_profile)
    return store(storage, f"{stem}.jpg", image.convert("RGB"), "JPEG", icc_profile=icc_profile)


def has_transparency(image) -> bool:
    return image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255


def resized(image, width: int):
    if width == image.width:
        return image
    height = round(image.height * width / image.width)
    return image.resize((width, height), PILImage.Resampling.LANCZOS)


def delete_files(storage, names) -> None:
    for name in names:
        storage.delete(name)
