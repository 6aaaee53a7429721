"""An editor puts images into a story's body through the "Add image" dialog, in a real
browser: one uploaded with its description, one chosen from the media library; readers
then get both with renditions, lazily."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article, Image
from tests.axe import axe_violations
from tests.e2e.admin_login import ADMIN_PASSWORD
from tests.factories import ImageFactory, SectionFactory, png_bytes

# The library search is a fetch beside the page's own requests, and the section
# autocomplete another: over in-memory SQLite the live server's threads share one
# connection and can hang, so this runs on PostgreSQL.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(postgres_only, editor_page):
    """The logged-in editor, with a News section to file stories in."""
    SectionFactory(name="News", slug="news")
    return editor_page


@pytest.fixture
def library_photo():
    return ImageFactory(
        file=ContentFile(png_bytes(1400, 800, "darkolivegreen"), name="monastery.png"),
        alt_text="Monks queue for alms at dawn",
        caption="Mandalay, the morning after.",
        credit="Newsroom photographer",
    )


def open_dialog(page):
    page.get_by_role("button", name="Add image").click()
    dialog = page.get_by_role("dialog", name="Add an image to the story")
    expect(dialog).to_be_visible()
    return dialog


def test_an_editor_uploads_and_reuses_images_and_readers_get_renditions(
    editor_page, live_server, library_photo
):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Alms at dawn")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("The queue formed before light.")

    dialog = open_dialog(page)
    upload = dialog.locator("[data-body-images-upload]")
    # The server's answer to a file that is not an image shows in the dialog.
    upload.get_by_label("Image file").set_input_files(
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"not a picture"}]
    )
    upload.get_by_label("Alt text").fill("A street market")
    upload.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Upload a JPEG, PNG, GIF or WebP image")

    upload.get_by_label("Image file").set_input_files(
        files=[{"name": "market.png", "mimeType": "image/png", "buffer": png_bytes(1300, 700)}]
    )
    upload.get_by_label("Caption").fill("Sellers at the morning market.")
    upload.get_by_label("Credit").fill("A reader")
    upload.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".ck-editor__editable img")).to_have_count(1)

    dialog = open_dialog(page)
    dialog.get_by_role("tab", name="From the library").click()
    dialog.get_by_label("Search alt text, captions and credits").fill("alms")
    dialog.get_by_role("button", name="Search").click()
    expect(dialog.locator(".body-images-results button")).to_have_count(1)
    dialog.get_by_role("button", name="Monks queue for alms at dawn").click()
    chosen = dialog.locator("[data-body-images-chosen]")
    expect(chosen.get_by_label("Alt text")).to_have_value("Monks queue for alms at dawn")
    chosen.get_by_label("Caption").fill("The queue, in the editor's words.")
    chosen.get_by_role("button", name="Insert").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".ck-editor__editable img")).to_have_count(2)

    page.select_option("#id_status", "published")
    page.click(".field-primary_section .select2-selection")
    page.fill(".select2-search__field", "news")
    page.click(".select2-results__option >> text=news")
    page.click("h1")
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    uploaded = Image.objects.exclude(pk=library_photo.pk).get()
    assert (uploaded.alt_text, uploaded.credit) == ("A street market", "A reader")
    story = Article.objects.get(headline="Alms at dawn")
    assert f'data-image-id="{uploaded.pk}"' in story.body
    assert f'data-image-id="{library_photo.pk}"' in story.body
    assert "The queue, in the editor's words." in story.body

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    images = page.locator(".story-body figure.body-image img")
    expect(images).to_have_count(2)
    for index in range(2):
        image = images.nth(index)
        expect(image).to_have_attribute("loading", "lazy")
        expect(image).to_have_attribute("srcset", re.compile(r"\.webp 320w, "))
    expect(page.locator(".story-body")).to_contain_text("Photo: Newsroom photographer")
    expect(page.locator(".story-body")).to_contain_text("The queue, in the editor's words.")


def test_the_add_image_dialog_passes_axe(browser, live_server, axe_source, postgres_only):
    get_user_model().objects.create_superuser("editor", "editor@example.org", ADMIN_PASSWORD)
    ImageFactory.create_batch(3)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    dialog = open_dialog(page)
    assert axe_violations(page, axe_source, within=".body-images-dialog") == []
    dialog.get_by_role("tab", name="From the library").click()
    expect(dialog.locator(".body-images-results button")).to_have_count(3)
    dialog.locator(".body-images-results button").first.click()
    expect(dialog.locator("[data-body-images-chosen]")).to_be_visible()
    assert axe_violations(page, axe_source, within=".body-images-dialog") == []
    context.close()
