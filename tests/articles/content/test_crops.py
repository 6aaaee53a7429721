"""Crops around the focal point: share cards, list cards and e-mails keep the subject,
come in the sizes and formats their readers need, and are remade (old files deleted)
when the picture or its focal point changes."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.content.crops import crop_box
from articles.models import Image
from tests.factories import SRGB_PROFILE, ImageFactory, png_bytes

pytestmark = pytest.mark.django_db

RED = (220, 0, 0)


def upload(data: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def portrait_with_red_square_top_left() -> bytes:
    """400×800 grey, with a red square at (20–80, 20–80): far from the middle."""
    picture = PILImage.new("RGB", (400, 800), (128, 128, 128))
    ImageDraw.Draw(picture).rectangle((20, 20, 80, 80), fill=RED)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def opened(image: Image, name: str) -> PILImage.Image:
    with image.file.storage.open(name) as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def share_picture(image: Image) -> PILImage.Image:
    return opened(image, image.crops["share"]["1200"])


def shows_red(picture: PILImage.Image) -> bool:
    colours = picture.convert("RGB").getcolors(maxcolors=1 << 24)
    return any(r > 180 and g < 60 and b < 60 for _count, (r, g, b) in colours)


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((1000, 1000), (2, 1), (0.5, 0.5), (0, 250, 1000, 750)),
        ((1000, 1000), (2, 1), (0.5, 0.0), (0, 0, 1000, 500)),  # held at the top edge
        ((1000, 1000), (2, 1), (0.5, 0.6), (0, 350, 1000, 850)),
        ((2000, 500), (1, 1), (0.9, 0.5), (1500, 0, 2000, 500)),  # held at the right edge
        ((2000, 500), (1, 1), (0.3, 0.5), (350, 0, 850, 500)),
    ],
)
def test_the_crop_box_centres_the_focal_point_as_far_as_the_edges_allow(size, ratio, focal, box):
    assert crop_box(size, ratio, focal) == box


def test_the_share_crop_keeps_the_subject_at_the_focal_point():
    centred = ImageFactory(file=upload(portrait_with_red_square_top_left()))
    assert not shows_red(share_picture(centred))  # the middle band misses the square

    focused = ImageFactory(
        file=upload(portrait_with_red_square_top_left()), focal_x=0.125, focal_y=0.0625
    )
    assert shows_red(share_picture(focused))
    assert shows_red(opened(focused, focused.crops["card"]["400"]))
    assert shows_red(opened(focused, focused.crops["email"]["400"]))


@pytest.mark.parametrize(
    "size", [(2400, 1000), (600, 1400), (40, 30)], ids=["landscape", "portrait", "tiny"]
)
def test_the_share_image_is_a_1200_by_630_jpeg(size):
    image = ImageFactory(file=upload(png_bytes(*size)))
    picture = share_picture(image)
    assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    assert image.share_url.endswith(".jpg")


def test_card_crops_are_3_by_2_webp_at_the_card_widths_and_never_scaled_up():
    image = ImageFactory(file=upload(png_bytes(1500, 1500)))
    assert sorted(int(width) for width in image.crops["card"]) == [320, 640, 960, 1280]
    for width, name in image.crops["card"].items():
        picture = opened(image, name)
        assert picture.format == "WEBP"
        assert picture.size == (int(width), round(int(width) * 2 / 3))
    assert image.card_size == (1280, 853)

    small = ImageFactory(file=upload(png_bytes(500, 400)))
    assert sorted(int(width) for width in small.crops["card"]) == [320, 500]


def test_email_crops_are_jpeg_or_png_never_webp():
    opaque = ImageFactory(file=upload(png_bytes(1400, 900)))
    see_through = PILImage.new("RGBA", (1400, 900), (0, 0, 0, 0))
    buffer = io.BytesIO()
    see_through.save(buffer, "WEBP")
    transparent = ImageFactory(file=upload(buffer.getvalue(), "clear.webp"))

    assert opened(opaque, opaque.crops["email"]["640"]).format == "JPEG"
    assert opened(transparent, transparent.crops["email"]["640"]).format == "PNG"
    assert opaque.email_card_url.endswith(".jpg")
    assert transparent.email_card_url.endswith(".png")
    # A share card has no see-through pixels: they are laid on white, not black.
    assert share_picture(transparent).getpixel((600, 315)) == (255, 255, 255)


def test_crops_keep_the_colour_profile():
    picture = PILImage.new("RGB", (1400, 900), "teal")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", icc_profile=SRGB_PROFILE)
    image = ImageFactory(file=upload(buffer.getvalue(), "photo.jpg"))
    for name in image.crop_names():
        assert opened(image, name).info.get("icc_profile") == SRGB_PROFILE, name


def test_a_new_focal_point_remakes_the_crops_and_deletes_the_old_files(
    settings, django_capture_on_commit_callbacks
):
    image = ImageFactory(file=upload(portrait_with_red_square_top_left()))
    old_names = image.crop_names()
    media = Path(settings.MEDIA_ROOT)

    image = Image.objects.get(pk=image.pk)
    image.focal_x, image.focal_y = 0.125, 0.0625
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    image.refresh_from_db()
    assert set(image.crop_names()).isdisjoint(old_names)
    assert not any((media / name).exists() for name in old_names)
    assert all((media / name).exists() for name in image.crop_names())
    assert shows_red(share_picture(image))


def test_a_new_file_remakes_the_crops(django_capture_on_commit_callbacks):
    image = ImageFactory(file=upload(png_bytes(800, 600, "navy")))
    old_names = image.crop_names()
    image.file = upload(png_bytes(800, 600, "red"))
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert set(image.crop_names()).isdisjoint(old_names)
    assert shows_red(share_picture(image))


def test_changing_only_the_words_keeps_the_crops(django_capture_on_commit_callbacks):
    image = ImageFactory()
    crops = image.crops
    image = Image.objects.get(pk=image.pk)
    image.caption = "A new caption."
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    image.refresh_from_db()
    assert image.crops == crops
    assert all(image.file.storage.exists(name) for name in image.crop_names())


def test_images_not_yet_cropped_fall_back_to_their_renditions():
    image = ImageFactory(file=upload(png_bytes(1400, 900)))
    Image.objects.filter(pk=image.pk).update(crops={})
    image.refresh_from_db()
    assert image.share_url == image.rendition_url(1280)
    assert image.card_url(640) == image.rendition_url(640)
    assert image.card_srcset == f"{image.srcset}, {image.file.url} 1400w"
    assert image.card_size == (1400, 900)
    assert image.email_card_url == image.email_url
