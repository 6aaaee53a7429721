"""Digest images are JPEG or PNG: Outlook shows no WebP."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.models import Image
from newsletter.emails import render_issue_bodies
from newsletter.subscriptions import default_newsletter
from tests.factories import ArticleFactory, ImageFactory, png_bytes

pytestmark = pytest.mark.django_db


def webp_bytes(mode: str, colour) -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, (1400, 900), colour).save(buffer, "WEBP")
    return buffer.getvalue()


def digest_image_sources(*images) -> list[str]:
    articles = [ArticleFactory(featured_image=image) for image in images]
    html, _ = render_issue_bodies(
        newsletter=default_newsletter(), subject="Daily Briefing", articles=articles
    )
    return re.findall(r'<img src="([^"]+)"', html)


def test_digest_images_are_jpeg_or_png(site_url):
    sources = digest_image_sources(
        ImageFactory(file=SimpleUploadedFile("a.png", png_bytes(1400, 900))),
        ImageFactory(file=SimpleUploadedFile("b.webp", webp_bytes("RGB", "teal"))),
        ImageFactory(file=SimpleUploadedFile("c.webp", webp_bytes("RGBA", (0, 0, 0, 0)))),
    )
    assert [source.rsplit(".", 1)[1] for source in sources] == ["jpg", "jpg", "png"]
    assert all(source.startswith("https://news.example/media/crops/") for source in sources)


def test_digest_images_are_the_focal_point_crop(site_url):
    image = ImageFactory(file=SimpleUploadedFile("a.png", png_bytes(1400, 900)))
    assert digest_image_sources(image) == [f"https://news.example{image.email_card_url}"]
    with PILImage.open(image.file.storage.open(image.crops["email"]["640"])) as sent:
        assert (sent.format, sent.size) == ("JPEG", (640, 427))


def test_images_not_yet_cropped_fall_back_to_their_email_rendition(site_url):
    image = ImageFactory(file=SimpleUploadedFile("a.png", png_bytes(1400, 900)))
    Image.objects.update(crops={})
    image.refresh_from_db()
    assert digest_image_sources(image) == [f"https://news.example{image.email_url}"]
    assert "/media/renditions/" in image.email_url


def test_images_from_before_email_renditions_fall_back_to_what_outlook_shows(site_url):
    png = ImageFactory(file=SimpleUploadedFile("a.png", png_bytes(1400, 900)))
    webp = ImageFactory(file=SimpleUploadedFile("b.webp", webp_bytes("RGB", "teal")))
    Image.objects.update(email_rendition="", crops={})
    png.refresh_from_db()
    webp.refresh_from_db()
    assert digest_image_sources(png, webp) == [f"https://news.example{png.file.url}"]
