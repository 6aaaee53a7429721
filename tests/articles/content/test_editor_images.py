"""The body editor's way into the media library: uploads with alt text, and a search
for images already there."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Image
from tests.factories import ImageFactory, png_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:editor-upload")
LIBRARY = reverse("articles:image-library")


def street_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("street.png", png_bytes(800, 600), "image/png")


def test_an_upload_with_alt_text_joins_the_library_with_caption_and_credit(admin_client):
    response = admin_client.post(
        UPLOAD,
        {
            "upload": street_png(),
            "alt_text": "ဆန္ဒပြသူများ လမ်းပေါ်တွင်",
            "caption": "Yangon, 1 February.",
            "credit": "Reader's photo",
        },
    )

    assert response.status_code == 200
    image = Image.objects.get()
    assert (image.alt_text, image.caption, image.credit) == (
        "ဆန္ဒပြသူများ လမ်းပေါ်တွင်",
        "Yangon, 1 February.",
        "Reader's photo",
    )
    assert image.renditions
    assert response.json() == {
        "id": image.pk,
        "url": image.file.url,
        "thumbnail": image.rendition_url(320),
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": 800,
        "height": 600,
    }


@pytest.mark.parametrize("alt_text", [None, "", "   "])
def test_an_upload_without_alt_text_is_refused_with_the_way_to_add_one(
    admin_client, settings, alt_text
):
    """A dragged or pasted image comes without alt text: CKEditor shows this message."""
    data = {"upload": street_png()}
    if alt_text is not None:
        data["alt_text"] = alt_text
    response = admin_client.post(UPLOAD, data)

    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "alt text" in message and "“Add image”" in message
    assert not Image.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_bad_upload_gets_a_clear_answer(admin_client):
    no_file = admin_client.post(UPLOAD, {"alt_text": "A street"})
    not_an_image = admin_client.post(
        UPLOAD, {"upload": SimpleUploadedFile("x.png", b"nope"), "alt_text": "A street"}
    )
    too_long = admin_client.post(UPLOAD, {"upload": street_png(), "alt_text": "x" * 301})

    assert no_file.status_code == 400
    assert no_file.json()["error"]["message"] == "Choose an image file to upload."
    assert not_an_image.status_code == 400
    assert "Upload a JPEG, PNG, GIF or WebP image" in not_an_image.json()["error"]["message"]
    assert too_long.status_code == 400
    assert "at most 300 characters" in too_long.json()["error"]["message"]
    assert admin_client.get(UPLOAD).status_code == 405
    assert not Image.objects.exists()


def test_only_staff_who_may_upload_use_the_library(client, admin_client):
    assert client.get(LIBRARY).status_code == 302  # to the admin login
    assert client.post(UPLOAD, {"upload": street_png(), "alt_text": "A"}).status_code == 302
    bare = User.objects.create_user("bare", is_staff=True)
    client.force_login(bare)
    refused = client.get(LIBRARY)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"]
    assert admin_client.get(LIBRARY).status_code == 200


def test_the_library_lists_newest_first_with_what_the_editor_needs(admin_client):
    older = ImageFactory(alt_text="Older")
    newer = ImageFactory(alt_text="Newer", caption="A caption", credit="A credit")
    Image.objects.filter(pk=older.pk).update(uploaded_at=timezone.now() - timedelta(days=1))

    response = admin_client.get(LIBRARY)

    assert response.status_code == 200
    data = response.json()
    assert [entry["id"] for entry in data["results"]] == [newer.pk, older.pk]
    assert data["results"][0] == {
        "id": newer.pk,
        "url": newer.file.url,
        "thumbnail": newer.rendition_url(320),
        "alt": "Newer",
        "caption": "A caption",
        "credit": "A credit",
        "width": newer.width,
        "height": newer.height,
    }
    assert (data["page"], data["has_next"], data["count"]) == (1, False, 2)


def test_the_library_is_searched_by_alt_text_caption_and_credit(admin_client):
    by_alt = ImageFactory(alt_text="Flooded FIELDS near Bago", caption="", credit="")
    by_caption = ImageFactory(alt_text="A boat", caption="Fields under water", credit="")
    by_credit = ImageFactory(alt_text="A road", caption="", credit="Fields Agency")
    burmese = ImageFactory(alt_text="ရေကြီးသော လယ်ကွင်းများ", caption="", credit="")
    ImageFactory(alt_text="A market", caption="Mandalay", credit="Newsroom")

    def found(query: str) -> set[int]:
        response = admin_client.get(LIBRARY, {"q": query})
        assert response.status_code == 200
        return {entry["id"] for entry in response.json()["results"]}

    assert found("fields") == {by_alt.pk, by_caption.pk, by_credit.pk}
    assert found("  လယ်ကွင်း ") == {burmese.pk}
    assert found("nothing like it") == set()


def test_the_library_pages_through_24_at_a_time_and_shrugs_off_junk(admin_client):
    ImageFactory.create_batch(25)

    first = admin_client.get(LIBRARY).json()
    second = admin_client.get(LIBRARY, {"page": "2"}).json()
    junk = admin_client.get(LIBRARY, {"page": "abc"}).json()
    past_the_end = admin_client.get(LIBRARY, {"page": "99"}).json()

    assert (len(first["results"]), first["has_next"]) == (24, True)
    assert (len(second["results"]), second["page"], second["has_next"]) == (1, 2, False)
    assert junk["page"] == 1 and past_the_end["page"] == 2
    assert admin_client.get(LIBRARY, {"q": "bad\x00byte"}).status_code == 200


def test_a_search_too_long_is_refused_with_a_message(admin_client):
    response = admin_client.get(LIBRARY, {"q": "x" * 201})
    assert response.status_code == 400
    assert "200 characters" in response.json()["error"]["message"]
    assert admin_client.get(LIBRARY, {"q": "x" * 200}).status_code == 200


def test_the_story_form_offers_the_dialog_only_to_those_who_may_upload(admin_client, client):
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-upload-url="{UPLOAD}"' in page and f'data-library-url="{LIBRARY}"' in page
    assert "<dialog" in page and "admin/js/body_images.js" in page

    writer = User.objects.create_user("writer", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=["add_article", "view_article"]
        )
    )
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="id_body"' in page and "<dialog" not in page
