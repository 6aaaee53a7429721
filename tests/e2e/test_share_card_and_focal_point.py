"""In a real browser: the share-card preview follows what the editor types, and a click
on an image sets its focal point."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from articles.models import Image
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_share_card_preview_follows_the_typing(postgres_only, editor_page, live_server):
    """PostgreSQL only: the change page's edit-lock heartbeat runs beside page loads."""
    story = ArticleFactory(
        headline="Floods cut off Hpakant",
        standfirst="Jade mines closed.",
        primary_section=SectionFactory(slug="news"),
        featured_image=ImageFactory(),
    )
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    title = page.locator("[data-share-card-title]")
    title_count = page.locator('[data-share-card-count="title"]')
    expect(title).to_have_text("Floods cut off Hpakant")

    page.fill("#id_seo_title", "Hpakant floods: what we know about the mines and the roads")
    expect(title).to_have_text("Hpakant floods: what we know about the mines and the roads")
    expect(title_count.locator("[data-count]")).to_have_text("58")
    expect(title_count).not_to_have_class("share-card-count share-card-over")

    page.type("#id_seo_title", " so far")
    expect(title_count.locator("[data-count]")).to_have_text("65")
    expect(title_count).to_have_class("share-card-count share-card-over")

    page.fill("#id_seo_title", "")
    page.fill("#id_headline", "ကချင်ပြည်နယ် ရေကြီး")
    expect(title).to_have_text("ကချင်ပြည်နယ် ရေကြီး")
    expect(title_count.locator("[data-count]")).to_have_text(str(len("ကချင်ပြည်နယ် ရေကြီး")))

    description = page.locator("[data-share-card-description]")
    page.fill("#id_meta_description", "Roads, mines and villages under water.")
    expect(description).to_have_text("Roads, mines and villages under water.")
    page.fill("#id_meta_description", "")
    expect(description).to_have_text("Jade mines closed.")


def test_a_click_on_the_picture_sets_the_focal_point(editor_page, live_server):
    image = ImageFactory(file=SimpleUploadedFile("p.png", png_bytes(800, 400)))
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/image/{image.pk}/change/")
    picture = page.locator(".focal-point-frame img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_focal_x")).to_have_value("0.25")
    expect(page.locator("#id_focal_y")).to_have_value("0.75")
    marker = page.locator(".focal-point-marker")
    expect(marker).to_have_attribute("style", "left: 25%; top: 75%;")
    # Drawn on the point of the picture, not of a wider box around it.
    drawn = marker.bounding_box()
    centre = (drawn["x"] + drawn["width"] / 2, drawn["y"] + drawn["height"] / 2)
    expected = (box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    assert abs(centre[0] - expected[0]) <= 1 and abs(centre[1] - expected[1]) <= 1, (centre, box)

    page.locator(".focal-point-frame").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    expect(page.locator("#id_focal_x")).to_have_value("0.26")
    expect(page.locator("#id_focal_y")).to_have_value("0.65")

    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".messagelist").first).to_contain_text("was changed successfully")
    image = Image.objects.get(pk=image.pk)
    assert (image.focal_x, image.focal_y) == (0.26, 0.65)
