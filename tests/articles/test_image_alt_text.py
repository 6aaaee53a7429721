"""Images without a description: the old body editor's placeholder alt text is emptied,
and the library finds every image still to be described."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Image
from tests.factories import ArticleFactory, ImageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0019_clear_placeholder_alt_text")


def test_the_migration_empties_only_the_placeholder():
    placeholder = ImageFactory(alt_text=migration.PLACEHOLDER)
    described = ImageFactory(alt_text="Monks walk past a burned market")
    migration.clear_placeholder(apps, schema_editor=None)
    assert Image.objects.get(pk=placeholder.pk).alt_text == ""
    assert Image.objects.get(pk=described.pk).alt_text == "Monks walk past a burned market"


def test_readers_get_an_empty_alt_not_the_placeholder(client):
    image = ImageFactory(alt_text=migration.PLACEHOLDER)
    story = ArticleFactory(featured_image=image)
    migration.clear_placeholder(apps, schema_editor=None)
    page = client.get(story.get_absolute_url()).content.decode()
    assert migration.PLACEHOLDER not in page
    assert parse(page).one(f'img[src="{image.file.url}"]')["alt"] == ""


def test_the_library_lists_the_images_still_to_describe(admin_client):
    ImageFactory(alt_text="")
    ImageFactory(alt_text="Monks walk past a burned market")
    changelist = reverse("admin:articles_image_changelist")

    missing = admin_client.get(changelist, {"alt": "missing"})
    assert [image.alt_text for image in missing.context["cl"].result_list] == [""]
    assert "Missing: describe this image" in missing.content.decode()

    written = admin_client.get(changelist, {"alt": "written"})
    assert [image.alt_text for image in written.context["cl"].result_list] == [
        "Monks walk past a burned market"
    ]


def test_an_image_without_alt_text_cannot_be_saved_again_without_one(admin_client):
    image = ImageFactory(alt_text="")
    response = admin_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "", "caption": "", "credit": ""},
    )
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
