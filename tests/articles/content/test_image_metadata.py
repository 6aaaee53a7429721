"""Source safety: no stored image, original, rendition or crop, tells where or by whom it was
taken, and no stored file name repeats the name the editor uploaded it under."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import PngImagePlugin

from articles.models import Image
from tests.factories import (
    SOURCE_SECRETS,
    SRGB_PROFILE,
    XMP_PACKET,
    ImageFactory,
    jpeg_with_source_metadata,
    source_exif,
)

pytestmark = pytest.mark.django_db

UPLOAD_NAME = "ko-aung-min-hpakant-safehouse"


def media_files(settings) -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def assert_nothing_betrays_the_source(settings):
    files = media_files(settings)
    assert files, "nothing was stored"
    for path in files:
        data = path.read_bytes()
        assert not any(secret in data for secret in SOURCE_SECRETS), path
        assert UPLOAD_NAME not in str(path) and "hpakant" not in str(path).lower()
        with PILImage.open(path) as stored:
            assert len(stored.getexif()) == 0, path
            assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(stored.info), path


def assert_upright_with_colour_profile(settings, image):
    """The phone held upright: EXIF orientation 6 turns 1400×1000 into 1000×1400."""
    assert (image.width, image.height) == (1000, 1400)
    assert sorted(int(width) for width in image.renditions) == [320, 640, 960]
    for path in media_files(settings):
        with PILImage.open(path) as stored:
            if path.parent.name != "crops":  # crops have their own shapes
                assert stored.height > stored.width, path
            assert stored.info.get("icc_profile") == SRGB_PROFILE, path


def test_admin_upload_stores_no_source_metadata(admin_client, settings):
    response = admin_client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile(
                f"{UPLOAD_NAME}.jpg", jpeg_with_source_metadata(), "image/jpeg"
            ),
            "alt_text": "Miners at dawn",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")
    assert_nothing_betrays_the_source(settings)
    assert_upright_with_colour_profile(settings, image)


def test_editor_upload_stores_no_source_metadata(admin_client, settings):
    response = admin_client.post(
        reverse("articles:editor-upload"),
        {
            "upload": SimpleUploadedFile(
                f"{UPLOAD_NAME}.jpg", jpeg_with_source_metadata(), "image/jpeg"
            ),
            "alt_text": "A street",
        },
    )
    assert response.status_code == 200
    image = Image.objects.get()
    url = json.loads(response.content)["url"]
    assert url == image.file.url and UPLOAD_NAME not in url
    assert_nothing_betrays_the_source(settings)
    assert_upright_with_colour_profile(settings, image)


def png_with_text_chunks() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Hpakant")
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    buffer = io.BytesIO()
    PILImage.new("RGBA", (400, 300), (20, 90, 160, 128)).save(
        buffer, "PNG", pnginfo=info, exif=source_exif(orientation=1)
    )
    return buffer.getvalue()


def webp_with_exif_and_xmp() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), "teal").save(
        buffer, "WEBP", exif=source_exif(orientation=1), xmp=XMP_PACKET
    )
    return buffer.getvalue()


def gif_with_comment(frames: int = 1) -> bytes:
    colours = ["firebrick", "seagreen", "navy"][:frames]
    pictures = [PILImage.new("RGB", (400, 300), colour) for colour in colours]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer,
        "GIF",
        save_all=frames > 1,
        append_images=pictures[1:],
        duration=250,
        loop=0,
        comment=b"Ko Aung Min at Hpakant",
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("extension", "make"),
    [("png", png_with_text_chunks), ("webp", webp_with_exif_and_xmp), ("gif", gif_with_comment)],
)
def test_every_format_loses_its_metadata(settings, extension, make):
    image = ImageFactory(file=SimpleUploadedFile(f"{UPLOAD_NAME}.{extension}", make()))
    assert image.file.name.endswith(f".{extension}")
    assert_nothing_betrays_the_source(settings)


def test_png_keeps_its_transparency(settings):
    image = ImageFactory(file=SimpleUploadedFile("a.png", png_with_text_chunks()))
    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert stored.convert("RGBA").getpixel((10, 10)) == (20, 90, 160, 128)


def test_animated_gif_stays_animated_without_its_comment(settings):
    image = ImageFactory(file=SimpleUploadedFile("a.gif", gif_with_comment(frames=3)))
    assert_nothing_betrays_the_source(settings)
    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert stored.n_frames == 3
        assert (stored.info["duration"], stored.info["loop"]) == (250, 0)
