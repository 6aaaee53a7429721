"""Library images in a story's body: tied to their image on save, drawn with renditions,
caption and credit for readers, feeds and the lite edition."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from articles.content.body_images import link_library_images
from articles.content.rendering import Mode, render_body
from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, png_bytes

pytestmark = pytest.mark.django_db

ELSEWHERE = '<img src="https://elsewhere.example/c.png" alt="From elsewhere">'


@pytest.fixture
def photo():
    """A 1600×900 library image: WebP renditions 320, 640, 960 and 1280 wide."""
    return ImageFactory(
        file=ContentFile(png_bytes(1600, 900), name="wide.png"),
        alt_text="Monks walk past a burned market",
        caption="Mandalay, after the fire.",
        credit="Newsroom photographer",
    )


def saved_body(body: str) -> str:
    story = ArticleFactory(body=body)
    return Article.objects.get(pk=story.pk).body


def rendition_url(image, width: int) -> str:
    return image.file.storage.url(image.renditions[str(width)])


def test_an_image_shown_by_its_original_or_a_rendition_is_linked_on_save(photo):
    body = saved_body(
        f'<figure class="image image-style-side"><img src="{photo.file.url}" alt="">'
        f"<figcaption>The market</figcaption></figure>"
        f'<p>Inline <img src="{rendition_url(photo, 640)}" alt="x"> and {ELSEWHERE}.</p>'
    )

    assert body == (
        f'<figure class="image image-style-side"><img src="{photo.file.url}" alt=""'
        f' data-image-id="{photo.pk}"><figcaption>The market</figcaption></figure>'
        f'<p>Inline <img src="{rendition_url(photo, 640)}" alt="x" data-image-id="{photo.pk}">'
        f" and {ELSEWHERE}.</p>"
    )


def test_a_forged_or_unknown_image_id_is_removed_and_a_real_one_kept(photo):
    body = saved_body(
        '<p><img src="https://elsewhere.example/a.png" alt="a" data-image-id="1 OR 1=1">'
        '<img src="https://elsewhere.example/b.png" alt="b" data-image-id="987654">'
        f'<img src="https://elsewhere.example/c.png" alt="c" data-image-id="{photo.pk}"></p>'
    )

    assert body == (
        '<p><img src="https://elsewhere.example/a.png" alt="a">'
        '<img src="https://elsewhere.example/b.png" alt="b">'
        f'<img src="https://elsewhere.example/c.png" alt="c" data-image-id="{photo.pk}"></p>'
    )


def test_the_address_decides_which_image_an_img_shows(photo):
    other = ImageFactory()
    body = saved_body(f'<p><img src="{photo.file.url}" alt="" data-image-id="{other.pk}"></p>')
    assert f'data-image-id="{photo.pk}"' in body
    assert f'data-image-id="{other.pk}"' not in body


def test_plain_images_from_elsewhere_are_kept_as_they_were():
    html = f'<figure class="image"><img src="/static/map.png" alt="Map"></figure><p>{ELSEWHERE}</p>'
    assert saved_body(html) == html
    assert render_body(html, mode=Mode.PAGE) == html


def test_linking_a_body_costs_one_query_and_none_without_images(photo, django_assert_num_queries):
    # Each <img> claims an id no image has; the addresses decide.
    many = "".join(
        f'<p><img src="{url}" alt="" data-image-id="{photo.pk + number}"></p>'
        for number, url in enumerate(
            [photo.file.url, rendition_url(photo, 320), photo.email_url, "/media/gone.png"], 1
        )
    )
    with django_assert_num_queries(1):
        linked = link_library_images(many)
    assert linked.count(f'data-image-id="{photo.pk}"') == 3
    assert linked.count("data-image-id=") == 3
    with django_assert_num_queries(0):
        assert link_library_images("<p>Words only.</p>") == "<p>Words only.</p>"
        assert link_library_images(f"<p>{ELSEWHERE}</p>") == f"<p>{ELSEWHERE}</p>"


def figure_of(photo, *, classes="image", alt="", caption=None) -> str:
    caption_html = f"<figcaption>{caption}</figcaption>" if caption is not None else ""
    return (
        f'<figure class="{classes}"><img src="{photo.file.url}" alt="{alt}"'
        f' data-image-id="{photo.pk}">{caption_html}</figure>'
    )


def test_a_reader_gets_renditions_lazily_with_size_caption_and_credit(photo):
    html = render_body(
        figure_of(photo, alt="Ashes", caption="The editor’s <em>words</em>"), mode=Mode.PAGE
    )

    (img,) = re.findall(r"<img [^>]*>", html)
    assert html.startswith('<figure class="body-image">')
    assert f'src="{rendition_url(photo, 960)}"' in img
    srcset = re.search(r'srcset="([^"]*)"', img)[1]
    assert srcset == ", ".join(
        [*(f"{rendition_url(photo, width)} {width}w" for width in (320, 640, 960, 1280))]
        + [f"{photo.file.url} 1600w"]
    )
    assert 'sizes="(min-width: 64rem) 42rem, 100vw"' in img
    assert 'width="1600" height="900"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Ashes"' in img
    assert (
        "<figcaption>The editor’s <em>words</em> "
        '<span class="credit">Photo: Newsroom photographer</span></figcaption>'
    ) in html
    assert "Mandalay" not in html


def test_the_library_fills_in_what_the_body_left_out(photo):
    html = render_body(figure_of(photo, classes="image image-style-side"), mode=Mode.PAGE)

    assert html.startswith('<figure class="body-image image-style-side">')
    assert f'alt="{photo.alt_text}"' in html
    assert "<figcaption>Mandalay, after the fire. <span" in html
    assert 'sizes="(min-width: 64rem) 21rem, (min-width: 40rem) 50vw, 100vw"' in html


def test_burmese_alt_and_caption_reach_the_reader_whole(photo):
    photo.alt_text = "မီးလောင်ပြီးနောက် မန္တလေးဈေး"
    photo.caption = "မန္တလေး၊ မီးလောင်ပြီးနောက်"
    photo.save()
    html = render_body(figure_of(photo), mode=Mode.PAGE)
    assert f'alt="{photo.alt_text}"' in html and f"<figcaption>{photo.caption} " in html


def test_an_inline_image_is_drawn_without_a_figure(photo):
    html = render_body(
        f'<p>See <img src="{photo.file.url}" alt="" data-image-id="{photo.pk}"> here.</p>',
        mode=Mode.PAGE,
    )
    assert html.startswith("<p>See <img ") and html.endswith("> here.</p>")
    assert "<figure" not in html and 'loading="lazy"' in html and "srcset=" in html


def test_an_image_deleted_from_the_library_leaves_the_story(photo):
    html = f"<p>Before.</p>{figure_of(photo, caption='Gone')}<p>After.</p>"
    photo.delete()
    for mode in Mode:
        assert render_body(html, mode=mode) == "<p>Before.</p><p>After.</p>"


def test_a_feed_gets_one_rendition_at_its_own_size_without_page_extras(photo):
    html = render_body(figure_of(photo, caption="Fire"), mode=Mode.FEED)

    assert html == (
        f'<figure><img src="{rendition_url(photo, 960)}" alt="{photo.alt_text}"'
        ' width="960" height="540"><figcaption>Fire '
        '<span class="credit">Photo: Newsroom photographer</span></figcaption></figure>'
    )


def test_the_lite_edition_gets_the_light_jpeg_to_link_to(photo):
    html = render_body(figure_of(photo, alt="Ashes"), mode=Mode.LITE)

    assert photo.email_url.endswith(".jpg") and photo.email_url != photo.file.url
    assert html == (
        f'<figure><img src="{photo.email_url}" alt="Ashes"><figcaption>Mandalay, after the fire. '
        '<span class="credit">Photo: Newsroom photographer</span></figcaption></figure>'
    )


def test_the_article_page_shows_the_body_image_responsively(client, photo):
    story = ArticleFactory(body=f"<p>Intro.</p>{figure_of(photo, caption='Fire')}")
    html = client.get(story.get_absolute_url()).content.decode()

    assert f'srcset="{rendition_url(photo, 320)} 320w' in html
    assert f'<img src="{rendition_url(photo, 960)}"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert '<span class="credit">Photo: Newsroom photographer</span>' in html


def test_stories_saved_before_library_references_are_linked_by_a_command(photo):
    old = f'<figure class="image"><img src="{photo.file.url}" alt=""></figure>'
    story = ArticleFactory()
    untouched = ArticleFactory(body=f"<p>{ELSEWHERE}</p>")
    Article.objects.filter(pk=story.pk).update(body=old)  # as stored before linking
    output = io.StringIO()

    call_command("link_body_images", "--dry-run", stdout=output)
    assert output.getvalue() == "Would link 1 story.\n"
    assert Article.objects.get(pk=story.pk).body == old

    call_command("link_body_images", stdout=output)
    story.refresh_from_db()
    assert f'data-image-id="{photo.pk}"' in story.body
    assert Article.objects.get(pk=untouched.pk).body == f"<p>{ELSEWHERE}</p>"
    again = io.StringIO()
    call_command("link_body_images", stdout=again)
    assert again.getvalue() == "Linked 0 stories.\n"


def test_a_linked_image_keeps_its_link(photo):
    body = saved_body(
        f'<figure class="image"><a href="https://example.org/report?a=1&amp;b=2">'
        f'<img src="{photo.file.url}" alt=""></a>'
        '<figcaption>See <a href="https://example.org/">the report</a></figcaption></figure>'
    )
    for mode in Mode:
        html = render_body(body, mode=mode)
        assert re.search(
            r'<figure[^>]*><a href="https://example.org/report\?a=1&amp;b=2"'
            r' rel="noopener noreferrer"><img [^>]+></a><figcaption>See <a ',
            html,
        ), html
