"""A gallery in a story's body, drawn for readers' pages, feeds and the lite edition."""

import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from articles.content.rendering import Mode, render_body
from articles.lite.body import lite_body
from articles.models import GalleryItem
from tests.factories import (
    ArticleFactory,
    GalleryFactory,
    ImageFactory,
    gallery_body,
    png_bytes,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def wide_image(**fields):
    """An image wide enough to have renditions (320 and 640 px)."""
    return ImageFactory(file=ContentFile(png_bytes(800, 600), name="wide.png"), **fields)


@pytest.fixture
def gallery():
    """Three photos: one with its own caption and credit, one using the image's, one
    with neither."""
    gallery = GalleryFactory(title="Flood in Bago")
    first = wide_image(alt_text="Boats on a flooded street", caption="Image caption")
    GalleryItem.objects.create(
        gallery=gallery, image=first, position=2, caption="Gallery caption", credit="Ko Min"
    )
    second = ImageFactory(alt_text="A family on a roof", caption="On a roof", credit="Staff")
    GalleryItem.objects.create(gallery=gallery, image=second, position=1)
    third = ImageFactory(alt_text="Water to the horizon", caption="", credit="")
    GalleryItem.objects.create(gallery=gallery, image=third, position=3)
    return gallery


def test_on_a_page_the_photos_are_an_ordered_list_of_figures(gallery):
    page = parse(render_body(gallery_body(gallery), mode=Mode.PAGE))

    figure = page.one("figure.gallery")
    assert figure.one("figcaption.gallery-label").text == "Gallery: 3 photos"
    items = figure.all("ol > li > figure")
    assert [item.one("img")["alt"] for item in items] == [
        "A family on a roof",
        "Boats on a flooded street",
        "Water to the horizon",
    ]
    assert [li["data-gallery-position"] for li in figure.all("ol > li")] == [
        "1 of 3",
        "2 of 3",
        "3 of 3",
    ]
    image = items[1].one("img")
    assert image["loading"] == "lazy" and image["decoding"] == "async"
    assert image["width"] == "800" and image["height"] == "600"
    assert "320w" in image["srcset"] and "640w" in image["srcset"]
    assert image["sizes"]
    # The viewer's buttons wait, hidden, for the page's script.
    assert "hidden" in figure.one(".gallery-controls").attrs
    assert figure.one("[data-gallery-count]")["aria-live"] == "polite"


def test_a_photo_shows_its_gallery_caption_and_credit_else_the_images(gallery):
    page = parse(render_body(gallery_body(gallery), mode=Mode.PAGE))
    captions = [item.first("figcaption") for item in page.all("ol > li > figure")]

    assert captions[0].text == "On a roof Photo: Staff"
    assert captions[0].one(".credit").text == "Photo: Staff"
    assert captions[1].text == "Gallery caption Photo: Ko Min"
    assert "Image caption" not in captions[1].text
    assert captions[2] is None  # neither: no empty caption


@pytest.mark.parametrize("mode", [Mode.FEED, Mode.LITE])
def test_feeds_and_the_lite_edition_get_plain_figures_in_order(gallery, mode):
    html = render_body(gallery_body(gallery), mode=mode)
    page = parse(html)

    assert page.first("ol") is None and page.first("button") is None
    assert "data-" not in html and "srcset" not in html and "hidden" not in html
    figures = page.all("figure")
    assert [figure.one("img")["alt"] for figure in figures] == [
        "A family on a roof",
        "Boats on a flooded street",
        "Water to the horizon",
    ]
    assert figures[1].one("figcaption").text == "Gallery caption Photo: Ko Min"


def test_the_feed_takes_a_rendition_and_the_lite_edition_links_the_light_jpeg(gallery):
    first_photo = gallery.items.get(position=2).image
    feed = parse(render_body(gallery_body(gallery), mode=Mode.FEED))
    lite = lite_body(render_body(gallery_body(gallery), mode=Mode.LITE))

    # 800 px wide: no 1280 rendition, so the original; a wide photo gets its 1280 one.
    assert feed.all("img")[1]["src"] == first_photo.rendition_url(1280)
    assert "<img" not in lite
    assert f'href="{first_photo.email_url}"' in lite
    assert first_photo.email_url.endswith((".jpg", ".png"))
    assert "Image: Boats on a flooded street" in lite


def test_a_deleted_or_empty_gallery_leaves_nothing_behind(gallery):
    empty = GalleryFactory()
    body_with_empty = gallery_body(empty, before="<p>Empty:</p>")
    body_with_deleted = gallery_body(gallery, before="<p>Deleted:</p>")
    gallery.delete()

    for mode in Mode:
        assert render_body(body_with_empty, mode=mode) == "<p>Empty:</p>"
        assert render_body(body_with_deleted, mode=mode) == "<p>Deleted:</p>"


def test_burmese_captions_round_trip_in_nfc_and_the_count_has_myanmar_digits():
    decomposed = unicodedata.normalize("NFD", "ရေကြီးမှု၊ ပဲခူးတိုင်း")
    gallery = GalleryFactory(photos=1)
    item = gallery.items.get()
    item.caption, item.credit = decomposed, "ကိုမင်း"
    item.save()
    item.refresh_from_db()
    assert item.caption == unicodedata.normalize("NFC", decomposed)

    with translation.override("my"):
        page = parse(render_body(gallery_body(gallery), mode=Mode.PAGE))
    caption = page.one("ol figcaption")
    assert caption.text.startswith("ရေကြီးမှု၊ ပဲခူးတိုင်း")
    assert "ကိုမင်း" in caption.one(".credit").text
    assert "၁" in page.one(".gallery-label").text
    assert "1" not in page.one(".gallery-label").text
    position = page.one("ol > li")["data-gallery-position"]
    assert "၁" in position and "1" not in position


def test_a_story_saved_with_a_gallery_keeps_the_reference_and_shows_the_photos():
    gallery = GalleryFactory(photos=2)
    story = ArticleFactory(body=gallery_body(gallery))
    story.refresh_from_db()

    assert f'<oembed url="gallery:{gallery.pk}"></oembed>' in story.body
    page = parse(render_body(story.body, mode=Mode.PAGE))
    assert len(page.all("figure.gallery ol > li")) == 2


def test_the_editors_https_gallery_link_is_stored_as_a_gallery_reference():
    """CKEditor's media embed writes "gallery:12" as "https://gallery:12"."""
    gallery = GalleryFactory(photos=1)
    story = ArticleFactory(
        body=f'<figure class="media"><oembed url="https://gallery:{gallery.pk}"></oembed></figure>'
    )

    assert (
        story.body == f'<figure class="media"><oembed url="gallery:{gallery.pk}"></oembed></figure>'
    )
