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
    anything is decoded.
    """
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


def make_renditions(field_file, widths) -> dict[str, str]:
    """Write WebP copies of the image at each width narrower than the original.

    Returns {width: storage name}. The original is always usable as the widest size.
    """
    storage = field_file.storage
    stem = posixpath.splitext(posixpath.basename(field_file.name))[0]
    field_file.open("rb")
    try:
        with PILImage.open(field_file) as original:
            original.load()
            source = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
    finally:
        field_file.close()
    renditions = {}
    for width in sorted(widths):
        if width >= source.width:
            break
        height = round(source.height * width / source.width)
        buffer = io.BytesIO()
        source.resize((width, height), PILImage.Resampling.LANCZOS).save(
            buffer, "WEBP", quality=80, method=4
        )
        name = storage.save(f"renditions/{stem}-{width}w.webp", ContentFile(buffer.getvalue()))
        renditions[str(width)] = name
    return renditions
