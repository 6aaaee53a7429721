"""`manage.py strip_image_metadata`: images stored before uploads were cleaned stop
leaking once a newsroom upgrades."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Article, Image
from tests.articles.content.test_image_metadata import assert_nothing_betrays_the_source
from tests.factories import ArticleFactory, jpeg_with_source_metadata, source_exif

pytestmark = pytest.mark.django_db


def leaking_webp() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 229), "teal").save(buffer, "WEBP", exif=source_exif())
    return buffer.getvalue()


@pytest.fixture
def old_image():
    """An image as it was stored before this fix, linked from an article's body."""
    original = default_storage.save(
        "images/2024/05/ko-aung-min-hpakant.jpg", ContentFile(jpeg_with_source_metadata())
    )
    rendition = default_storage.save(
        "renditions/ko-aung-min-hpakant-320w.webp", ContentFile(leaking_webp())
    )
    (image,) = Image.objects.bulk_create(
        [
            Image(
                file=original,
                alt_text="Miners",
                width=1400,
                height=1000,
                renditions={"320": rendition},
            )
        ]
    )
    url = default_storage.url(original)
    article = ArticleFactory(body=f'<p>Miners.</p><figure class="image"><img src="{url}"></figure>')
    return {"image": image, "article": article, "url": url}


def strip(*args) -> str:
    out = StringIO()
    call_command("strip_image_metadata", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_and_changes_nothing(old_image, settings):
    before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    output = strip("--dry-run", "--verbosity=2")
    assert f"Image {old_image['image'].pk}: images/2024/05/ko-aung-min-hpakant.jpg" in output
    assert "Would clean 1 image." in output
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == before
    assert not Image.objects.get().metadata_stripped


def test_old_images_are_cleaned_renamed_and_their_old_files_deleted(
    old_image, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert strip() == "Cleaned 1 image.\n"

    image = Image.objects.get()
    assert image.metadata_stripped
    assert (image.width, image.height) == (1000, 1400)
    assert image.email_rendition.endswith(".jpg")
    assert sorted(int(width) for width in image.renditions) == [320, 640, 960]
    assert_nothing_betrays_the_source(settings)
    media = Path(settings.MEDIA_ROOT)
    stored = {str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()}
    assert stored == {
        image.file.name,
        image.email_rendition,
        *image.renditions.values(),
        *image.crop_names(),
    }

    body = Article.objects.get().body
    assert old_image["url"] not in body and image.file.url in body

    assert "Cleaned 0 images." in strip()
    assert Image.objects.get().file.name == image.file.name


def test_quiet_at_verbosity_zero(old_image):
    assert strip("--verbosity=0") == ""
    assert Image.objects.get().metadata_stripped


def test_pointing_a_body_at_the_new_file_is_a_new_edit_version(old_image):
    """A form opened on the old body would put the old file's URL back if it could save."""
    strip()
    assert Article.objects.get().edit_version == old_image["article"].edit_version + 1
