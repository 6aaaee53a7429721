"""The one way into the media library from the body editor, and what it refuses."""

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from PIL import Image as PILImage

from articles.models import Image
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

TOO_MANY_PIXELS = "The image has too many pixels."


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def real_bomb() -> bytes:
    """A genuine PNG, a few kB on disk, that decodes to more than twice Pillow's limit."""
    side = int((2 * PILImage.MAX_IMAGE_PIXELS) ** 0.5) + 100
    buffer = io.BytesIO()
    PILImage.new("1", (side, side)).save(buffer, "PNG")
    return buffer.getvalue()


def editor_upload(client, data: bytes, name: str = "bomb.png"):
    return client.post(
        reverse("articles:editor-upload"),
        {"upload": SimpleUploadedFile(name, data, "image/png"), "alt_text": "A field"},
    )


@pytest.mark.parametrize("make", [lambda: png_claiming(30_000, 30_000), real_bomb])
def test_editor_upload_refuses_a_decompression_bomb_like_the_image_form(admin_client, make):
    data = make()
    response = editor_upload(admin_client, data)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": {"message": TOO_MANY_PIXELS}}

    form = admin_client.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile("bomb.png", data), "alt_text": "Alt"},
    )
    assert form.status_code == 200
    assert form.context["adminform"].form.errors["file"] == [TOO_MANY_PIXELS]
    assert not Image.objects.exists()


def test_editor_upload_gives_the_pixel_limit_like_the_image_form(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    response = editor_upload(admin_client, png_bytes(1200, 1000))
    assert response.status_code == 400
    message = json.loads(response.content)["error"]["message"]
    assert message == "The image is 1200×1000 pixels; the limit is 1 million pixels."
    form = admin_client.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile("big.png", png_bytes(1200, 1000)), "alt_text": "Alt"},
    )
    assert form.context["adminform"].form.errors["file"] == [message]


def named_patterns(resolver=None, namespace=""):
    """(full name or None, view's dotted path) of every URL pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, pattern.lookup_str


def test_the_only_upload_endpoint_is_the_media_library_one(admin_client, settings):
    uploads = {
        name
        for name, view in named_patterns()
        if "upload" in (name or "").lower() or "upload" in view.lower()
    }
    assert uploads == {"articles:editor-upload"}

    assert admin_client.get("/ckeditor5/image_upload/").status_code == 404
    package_endpoint = admin_client.post(
        "/ckeditor5/image_upload/",
        {"upload": SimpleUploadedFile("street.png", png_bytes(), "image/png")},
    )
    # The path now falls to the readers' catch-all article URL, which takes no POST.
    assert package_endpoint.status_code in {404, 405}
    assert not Image.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.png"))


def test_body_editor_uploads_to_the_media_library(admin_client):
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-upload-url="{reverse("articles:editor-upload")}"' in page
