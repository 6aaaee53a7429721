"""The focal point on the media library's image form: a picture with a marker, backed
by two number inputs that work without JavaScript; bad input is a form error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Image
from tests.factories import ImageFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return ImageFactory(file=SimpleUploadedFile("p.png", png_bytes(800, 600)))


def change(admin_client, image, **fields):
    data = {"alt_text": image.alt_text, "caption": image.caption, "credit": image.credit}
    return admin_client.post(
        reverse("admin:articles_image_change", args=[image.pk]), {**data, **fields}
    )


def test_the_form_shows_the_picture_with_the_marker_and_the_crops(admin_client, image):
    Image.objects.filter(pk=image.pk).update(focal_x=0.25, focal_y=0.75)
    image.refresh_from_db()
    response = admin_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    html = response.content.decode()
    assert 'class="focal-point-frame" tabindex="0"' in html
    assert 'style="left: 25.0%; top: 75.0%"' in html
    assert 'name="focal_x" value="0.25" min="0" max="1" step="0.01"' in html
    assert 'name="focal_y" value="0.75"' in html
    assert f'src="{image.share_url}"' in html
    assert "admin/js/focal_point.js" in html


def test_saving_a_focal_point_recrops(admin_client, image, django_capture_on_commit_callbacks):
    old_crops = image.crop_names()
    with django_capture_on_commit_callbacks(execute=True):
        response = change(admin_client, image, focal_x="0.1", focal_y="0.9")
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.1, 0.9)
    assert set(image.crop_names()).isdisjoint(old_crops)
    assert not any(image.file.storage.exists(name) for name in old_crops)


@pytest.mark.parametrize(
    ("focal_x", "focal_y"),
    [("1.5", "0.5"), ("0.5", "-0.1"), ("left", "0.5"), ("nan", "0.5"), ("inf", "0.5")],
)
def test_a_point_outside_the_picture_is_a_form_error(admin_client, image, focal_x, focal_y):
    response = change(admin_client, image, focal_x=focal_x, focal_y=focal_y)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) & {"focal_x", "focal_y"}
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)


def test_an_empty_point_keeps_the_one_stored(admin_client, image):
    Image.objects.filter(pk=image.pk).update(focal_x=0.25)
    response = change(admin_client, image, focal_x="", focal_y="")
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.25, 0.5)


def test_an_image_saved_again_without_a_new_file_is_not_an_error(admin_client, image):
    response = change(admin_client, image, caption="New caption")
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "New caption"
