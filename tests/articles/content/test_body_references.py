"""Finding the references a stored body holds, and reading what they point at."""

import pytest

from articles.content.rendering import find_blocks, load_library
from articles.models import Article, Embed, Gallery, GalleryItem
from tests.factories import ArticleFactory, GalleryFactory, ImageFactory, gallery_body
from tests.html import parse

BODY = (
    '<p>Intro <img src="/media/a.png" alt="inline" data-image-id="4"> text.</p>'
    '<figure class="image image-style-side"><img src="/media/b.png" alt="b" data-image-id="5">'
    "<figcaption>Caption <em>five</em></figcaption></figure>"
    '<figure class="media"><oembed url="https://youtu.be/abc"></oembed></figure>'
    '<figure class="media"><oembed url="gallery:9"></oembed></figure>'
    '<figure class="image"><img src="https://elsewhere.example/c.png" alt="c"></figure>'
    "<p>End.</p>"
)


def test_each_kind_of_reference_is_found_with_its_exact_span():
    blocks = find_blocks(BODY)

    assert [block.kind for block in blocks] == ["image", "image", "embed", "gallery"]
    inline, figure, embed, gallery = blocks
    assert BODY[inline.start : inline.end].startswith("<img ")
    assert not inline.in_figure and inline.image_id == 4
    assert BODY[figure.start : figure.end].endswith("</figure>")
    assert figure.classes == ["image", "image-style-side"]
    assert figure.caption_html == "Caption <em>five</em>"
    assert figure.image_id == 5
    assert embed.url == "https://youtu.be/abc"
    assert gallery.gallery_id == 9


def test_a_plain_image_or_a_junk_id_is_not_a_reference():
    assert find_blocks('<figure class="image"><img src="/x.png" alt=""></figure>') == []
    (block,) = find_blocks('<img src="/x.png" alt="" data-image-id="1 OR 1=1">')
    assert block.image_id is None


def test_a_body_without_references_is_not_parsed_or_queried(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        library = load_library(["<p>Nothing here.</p>", ""])
    assert library.images == {} and library.galleries == {} and library.embeds == {}


@pytest.mark.django_db
def test_everything_referred_to_is_read_in_one_query_per_kind(django_assert_num_queries):
    images = ImageFactory.create_batch(3)
    gallery = Gallery.objects.create(title="Flood")
    for position, image in enumerate(images):
        GalleryItem.objects.create(gallery=gallery, image=image, position=position)
    Embed.objects.create(
        url="https://video.example/1",
        provider_name="Example",
        frame_url="https://video.example/player/1",
    )
    bodies = [
        f'<img src="/m.png" alt="" data-image-id="{images[0].pk}">',
        f'<figure class="media"><oembed url="gallery:{gallery.pk}"></oembed></figure>',
        '<figure class="media"><oembed url="https://video.example/1"></oembed></figure>',
    ]

    # Images, galleries' photos (with their images), embeds (with stills).
    with django_assert_num_queries(3):
        library = load_library(bodies)
        photos = [item.image.pk for item in library.galleries[gallery.pk]]

    assert set(library.images) == {images[0].pk}
    assert photos == [image.pk for image in images]
    assert set(library.embeds) == {"https://video.example/1"}


@pytest.mark.django_db
def test_a_change_to_a_gallery_even_in_bulk_makes_cached_pages_afresh():
    from articles.caching import content_version

    gallery = Gallery.objects.create(title="Flood")
    before = content_version()
    GalleryItem.objects.create(gallery=gallery, image=ImageFactory())
    after_item = content_version()
    Gallery.objects.filter(pk=gallery.pk).update(title="Flood, day two")

    assert after_item != before
    assert content_version() != after_item


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "sizes"),
    [
        (Article.Kind.NEWS, "(min-width: 64rem) 42rem, 100vw"),
        (Article.Kind.PHOTO_ESSAY, "(min-width: 76rem) 74rem, 100vw"),
    ],
)
def test_photos_ask_for_the_width_the_story_shows_them_at(client, kind, sizes):
    """The text's width in a story, the page's in a photo essay: a browser fetches the
    rendition that fills it, not one that is stretched and soft, nor one too large."""
    image = ImageFactory()
    story = ArticleFactory(
        kind=kind,
        body=f'<figure class="image"><img src="{image.file.url}" alt=""></figure>'
        + gallery_body(GalleryFactory(photos=2)),
    )

    page = parse(client.get(story.get_absolute_url()).content.decode())

    body_images = page.all(".story-body img")
    assert len(body_images) == 3
    assert {img["sizes"] for img in body_images} == {sizes}
