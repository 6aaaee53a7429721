from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from django.utils import timezone

from articles.content.sanitize import sanitize_html
from articles.content.text import reading_time_minutes
from articles.models import Article, Image
from newsroom.text import slugify, validate_slug
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, png_bytes

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PAST = NOW - timedelta(hours=1)
FUTURE = NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "publish_at", "visible"),
    [
        (Article.Status.DRAFT, None, False),
        (Article.Status.DRAFT, PAST, False),
        (Article.Status.IN_REVIEW, PAST, False),
        (Article.Status.PUBLISHED, PAST, True),
        (Article.Status.PUBLISHED, FUTURE, False),  # scheduled
        (Article.Status.UNPUBLISHED, PAST, False),
    ],
)
def test_published_rule(status, publish_at, visible):
    article = ArticleFactory(status=status, publish_at=publish_at)
    assert (article in Article.objects.published()) is visible
    assert article.is_published() is visible


def test_scheduled_article_appears_when_its_time_comes():
    article = ArticleFactory(publish_at=timezone.now() + timedelta(seconds=30))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_scheduled()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_time_means_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert timezone.now() - article.publish_at < timedelta(seconds=5)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="steal()">text</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_body_is_sanitized_on_save_even_without_the_editor(payload):
    article = ArticleFactory(body=f"<p>Safe</p>{payload}")
    article.refresh_from_db()
    for marker in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style=", "<svg"):
        assert marker not in article.body.lower()
    assert "<p>Safe</p>" in article.body


def test_sanitizer_keeps_what_ckeditor_produces():
    html = (
        "<h2>Heading</h2><p><strong>Bold</strong> <em>it</em> "
        '<a href="https://example.org">link</a></p><ul><li>one</li></ul><ol><li>two</li></ol>'
        "<blockquote><p>quote</p></blockquote>"
        '<figure class="image image-style-side"><img src="/media/a.jpg" alt="A" width="640" '
        'height="480"><figcaption>Caption</figcaption></figure>'
        '<figure class="table"><table><thead><tr><th>H</th></tr></thead>'
        "<tbody><tr><td>D</td></tr></tbody></table></figure>"
    )
    cleaned = sanitize_html(html)
    for kept in (
        "<h2>Heading</h2>",
        "<strong>Bold</strong>",
        'href="https://example.org"',
        "<blockquote>",
        'class="image image-style-side"',
        'alt="A"',
        "<figcaption>Caption</figcaption>",
        'class="table"',
        "<td>D</td>",
    ):
        assert kept in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_sanitizer_drops_unknown_classes():
    assert sanitize_html('<figure class="image evil-overlay"></figure>') == (
        '<figure class="image"></figure>'
    )


def test_reading_time_is_derived_on_save():
    words = " ".join(["word"] * 1100)
    article = ArticleFactory(body=f"<p>{words}</p>")
    assert article.reading_time == 5
    assert ArticleFactory(body="<p>Short.</p>").reading_time == 1


def test_reading_time_counts_burmese_text_without_spaces():
    burmese = "မြန်မာနိုင်ငံသတင်း" * 400  # no spaces, ~7,200 code points
    assert reading_time_minutes(f"<p>{burmese}</p>") >= 4


def test_text_is_stored_nfc_normalised():
    decomposed = "Cafe\u0301 in Yangon"
    article = ArticleFactory(headline=decomposed, slug="")
    article.refresh_from_db()
    assert article.headline == "Café in Yangon"
    assert article.slug == "café-in-yangon"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Junta Watch: Who Pays?", "junta-watch-who-pays"),
        ("မြန်မာ သတင်း", "မြန်မာ-သတင်း"),
        ("ရန်ကုန်တွင် ဆန်ဈေး ဆက်လက်မြင့်တက်", "ရန်ကုန်တွင်-ဆန်ဈေး-ဆက်လက်မြင့်တက်"),
        ("  --Myanmar's 2025 vote--  ", "myanmar-s-2025-vote"),
    ],
)
def test_slugify_keeps_every_letter_and_mark(headline, slug):
    assert slugify(headline) == slug
    validate_slug(slug)


def test_burmese_headline_slug_round_trips_through_the_url():
    article = ArticleFactory(headline="မြန်မာ သတင်း", slug="")
    assert article.slug == "မြန်မာ-သတင်း"
    # Every vowel sign and virama survives (Django's slugify would drop them).
    assert "ြ" in article.slug and "်" in article.slug and "ာ" in article.slug
    url = article.get_absolute_url()
    assert unquote(url).endswith("/မြန်မာ-သတင်း/")
    path = f"{article.primary_section.path}/မြန်မာ-သတင်း"
    assert resolve(unquote(url)).kwargs["path"] == path


@pytest.mark.parametrize("bad", ["", "Upper", "two--hyphens", "-edge", "sp ace", "semi;colon"])
def test_slug_validator_rejects_what_slugify_cannot_make(bad):
    with pytest.raises(ValidationError):
        validate_slug(bad)


def test_slug_is_unique_within_a_section_only():
    section, other = SectionFactory(), SectionFactory()
    ArticleFactory(primary_section=section, slug="same")
    ArticleFactory(primary_section=other, slug="same")
    with pytest.raises(ValidationError):
        Article(
            headline="Dup", slug="same", primary_section=section, status=Article.Status.DRAFT
        ).full_clean()


def test_image_records_size_and_makes_webp_renditions():
    image = ImageFactory(file=SimpleUploadedFile("wide.png", png_bytes(1400, 700)))
    assert (image.width, image.height) == (1400, 700)
    assert sorted(image.renditions) == ["1280", "320", "640", "960"]
    assert all(name.endswith(".webp") for name in image.renditions.values())
    assert "320w" in image.srcset and "1280w" in image.srcset
    assert image.rendition_url(600).endswith("-640w.webp")
    assert image.rendition_url(5000) == image.file.url


def test_every_image_url_comes_from_the_file_s_own_storage():
    """srcset, the fallback src and the e-mail copy all ask the storage that holds the
    file, so a file kept elsewhere (object storage, a CDN) is linked where it lives."""
    image = ImageFactory(file=SimpleUploadedFile("wide.png", png_bytes(1400, 700)))
    image.file.storage = FileSystemStorage(location=image.file.storage.location, base_url="/cdn/")
    urls = [entry.split()[0] for entry in image.srcset.split(", ")]
    urls += [image.rendition_url(600), image.email_url, image.file.url]
    assert len(urls) == 7
    assert all(url.startswith("/cdn/") for url in urls), urls


def _image_errors(upload) -> list[str]:
    image = Image(file=upload, alt_text="Alt")
    with pytest.raises(ValidationError) as caught:
        image.full_clean()
    return caught.value.message_dict["file"]


def test_image_rejects_a_file_that_is_not_an_image():
    errors = _image_errors(SimpleUploadedFile("notes.png", b"not an image at all"))
    assert any("not one" in message for message in errors)


def test_image_rejects_a_file_over_the_size_limit(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 100
    errors = _image_errors(SimpleUploadedFile("big.png", png_bytes(200, 200)))
    assert any("limit" in message for message in errors)


def test_image_rejects_a_decompression_bomb(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    errors = _image_errors(SimpleUploadedFile("bomb.png", png_bytes(1000, 1000)))
    assert any("pixels" in message for message in errors)


def test_image_alt_text_is_required():
    image = Image(file=SimpleUploadedFile("a.png", png_bytes()), alt_text="")
    with pytest.raises(ValidationError) as caught:
        image.full_clean()
    assert "alt_text" in caught.value.message_dict


def test_recommended_time_follows_the_flag():
    article = ArticleFactory(is_recommended=True)
    assert article.recommended_at is not None
    article.is_recommended = False
    article.save()
    assert article.recommended_at is None
