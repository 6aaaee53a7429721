"""Share cards and search snippets: a story's own title, description and picture for
search and sharing, each falling back to the headline, standfirst and featured image,
in the page's <title>, meta description, OpenGraph and X card and JSON-LD."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from articles.seo.cards import share_card
from tests.articles.seo.test_metadata import SITE, HeadReader
from tests.factories import ArticleFactory, ImageFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


def picture(alt: str) -> Image:
    return ImageFactory(file=SimpleUploadedFile("p.png", png_bytes(1600, 900)), alt_text=alt)


def test_the_card_falls_back_to_the_headline_standfirst_and_featured_image():
    story = ArticleFactory(
        headline="Floods cut off Hpakant",
        standfirst="Jade mines closed.",
        featured_image=picture("Flooded road"),
    )
    card = share_card(story)
    assert (card.title, card.description) == ("Floods cut off Hpakant", "Jade mines closed.")
    assert card.image.alt == "Flooded road"
    assert card.image.url == f"{SITE}{story.featured_image.share_url}"
    assert (card.image.width, card.image.height, card.image.mime_type) == (
        1200,
        630,
        "image/jpeg",
    )


def test_the_story_own_fields_win():
    story = ArticleFactory(
        headline="Floods cut off Hpakant",
        standfirst="Jade mines closed.",
        seo_title="Hpakant floods: what we know",
        meta_description="Roads, mines and villages under water in Kachin State.",
        featured_image=picture("Flooded road"),
        social_image=picture("Rescuers in a boat"),
    )
    card = share_card(story)
    assert card.title == "Hpakant floods: what we know"
    assert card.description == "Roads, mines and villages under water in Kachin State."
    assert card.image.alt == "Rescuers in a boat"
    assert card.image.url == f"{SITE}{story.social_image.share_url}"


def test_no_picture_no_card_image():
    assert share_card(ArticleFactory(featured_image=None)).image is None


def test_an_image_not_yet_cropped_is_shared_as_its_widest_rendition():
    story = ArticleFactory(featured_image=picture("Flooded road"))
    Image.objects.update(crops={})
    story.featured_image.refresh_from_db()
    image = share_card(story).image
    assert image.url == f"{SITE}{story.featured_image.rendition_url(1280)}"
    assert (image.width, image.height, image.mime_type) == (1280, 720, "image/webp")


def test_the_article_page_uses_the_share_card(client):
    story = ArticleFactory(
        headline="ကချင်ပြည်နယ် ရေကြီး",
        standfirst="Jade mines closed.",
        seo_title="Hpakant floods: what we know",
        meta_description="Roads, mines and villages under water.",
        featured_image=picture("Flooded road"),
        social_image=picture("Rescuers in a boat"),
    )
    head = HeadReader(client.get(story.get_absolute_url()).content.decode())
    share_url = f"{SITE}{story.social_image.share_url}"
    assert head.title.startswith("Hpakant floods: what we know — ")
    assert head.one("description") == "Roads, mines and villages under water."
    assert head.one("og:title") == "Hpakant floods: what we know"
    assert head.one("og:description") == "Roads, mines and villages under water."
    assert head.one("og:image") == share_url
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:type") == "image/jpeg"
    assert head.one("og:image:alt") == "Rescuers in a boat"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == "Hpakant floods: what we know"
    assert head.one("twitter:image") == share_url
    assert head.one("twitter:image:alt") == "Rescuers in a boat"
    news_article = json.loads(head.jsonld[0])
    assert news_article["headline"] == "ကချင်ပြည်နယ် ရေကြီး"
    assert news_article["image"][0] == {
        "@type": "ImageObject",
        "url": share_url,
        "width": 1200,
        "height": 630,
    }


def test_the_article_page_falls_back_to_the_story(client):
    story = ArticleFactory(
        headline="Floods cut off Hpakant",
        standfirst="Jade mines closed.",
        featured_image=picture("Flooded road"),
    )
    head = HeadReader(client.get(story.get_absolute_url()).content.decode())
    assert head.title.startswith("Floods cut off Hpakant — ")
    assert head.one("description") == "Jade mines closed."
    assert head.one("og:title") == "Floods cut off Hpakant"
    assert head.one("og:image") == f"{SITE}{story.featured_image.share_url}"
    assert head.one("og:image:alt") == "Flooded road"
