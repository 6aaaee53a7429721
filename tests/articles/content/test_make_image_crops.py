"""`manage.py make_image_crops` (and `seed_demo`): images stored before crops existed
get their share, card and e-mail crops."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def make_crops(*args) -> str:
    out = StringIO()
    call_command("make_image_crops", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def uncropped():
    """Two images as they were stored before crops existed, and one cropped."""
    old = [ImageFactory(), ImageFactory()]
    ImageFactory()
    Image.objects.filter(pk__in=[image.pk for image in old]).update(crops={})
    return old


def test_crops_only_the_images_without_crops(uncropped):
    cropped = Image.objects.exclude(pk__in=[image.pk for image in uncropped]).get()
    assert make_crops() == "Cropped 2 images.\n"
    for image in Image.objects.filter(pk__in=[image.pk for image in uncropped]):
        assert set(image.crops) == {"share", "card", "email"}
        assert image.share_url.startswith("/media/crops/") and image.share_url.endswith(".jpg")
        assert all(image.file.storage.exists(name) for name in image.crop_names())
    assert Image.objects.get(pk=cropped.pk).crops == cropped.crops
    assert make_crops() == "Cropped 0 images.\n"


def test_dry_run_lists_and_crops_nothing(uncropped):
    output = make_crops("--dry-run", "--verbosity=2")
    assert f"Image {uncropped[0].pk}: {uncropped[0].file.name}" in output
    assert "Would crop 2 images." in output
    assert Image.objects.filter(crops={}).count() == 2


def test_seed_demo_crops_its_pictures_made_before_crops():
    call_command("seed_demo", articles=10, images=2, verbosity=0)
    Image.objects.update(crops={})
    call_command("seed_demo", articles=10, images=2, verbosity=0)
    assert not Image.objects.filter(crops={}).exists()
