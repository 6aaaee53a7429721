"""Embeds in a stored body and on readers' pages: the sanitiser keeps exactly the
embeds we know (forged frames, scripts and unknown providers go, the last as a plain
link), and a reader's page gets a facade that loads nothing from the provider, while
feeds and the lite edition get a link."""

import pytest
from django.urls import reverse

from articles.content.embeds import settle_embeds
from articles.content.rendering import BodyLibrary, Mode, render_body
from articles.content.sanitize import sanitize_html
from articles.models import Article, Embed
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
BURMESE = "<p>ရန်ကုန်မြို့ ရေကြီးမှု — မြန်မာ</p>"


def media(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def test_a_known_providers_link_is_kept_in_its_canonical_form():
    body = sanitize_html(BURMESE + media("https://youtu.be/dQw4w9WgXcQ?si=Tr4ck") + BURMESE)

    assert body == BURMESE + media(YOUTUBE) + BURMESE


def test_a_forged_iframe_or_script_is_removed_and_burmese_text_kept():
    forged = (
        BURMESE
        + '<iframe src="https://evil.example/spy"></iframe>'
        + '<figure class="media"><iframe src="https://www.youtube.com/embed/x"></iframe></figure>'
        + "<script>fetch('https://evil.example')</script>"
        + '<p onclick="alert(1)">စာ</p>'
    )

    body = sanitize_html(forged)

    assert "iframe" not in body and "script" not in body and "onclick" not in body
    assert "evil.example" not in body
    assert body.startswith(BURMESE) and "<p>စာ</p>" in body


def test_an_unknown_provider_is_left_as_a_plain_link():
    body = sanitize_html(BURMESE + media("https://video.example/watch?id=1&amp;t=2"))

    assert body == BURMESE + (
        '<p><a href="https://video.example/watch?id=1&amp;t=2" rel="noopener noreferrer">'
        "https://video.example/watch?id=1&amp;t=2</a></p>"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "gallery:abc",
        "gallery:1 OR 1=1",
        "",
    ],
)
def test_anything_but_a_web_address_or_gallery_is_removed(url):
    assert settle_embeds(BURMESE + media(url.replace("<", "&lt;")) + BURMESE) == BURMESE + BURMESE


def test_a_gallery_reference_is_kept():
    assert sanitize_html(media("gallery:12")) == media("gallery:12")


def test_a_bare_oembed_outside_a_figure_is_removed():
    body = sanitize_html(f'<p>ရေ <oembed url="{YOUTUBE}"></oembed>ကြီး</p>')

    assert body == "<p>ရေ ကြီး</p>"


def test_settling_a_settled_body_changes_nothing():
    body = sanitize_html(BURMESE + media(YOUTUBE) + media("https://video.example/1"))

    assert sanitize_html(body) == body


@pytest.mark.django_db
def test_a_forged_post_through_the_admin_form_stores_only_the_known_embed(admin_client, settings):
    settings.EMBED_ASK_BUILT_IN_PROVIDERS = False
    section = SectionFactory(slug="news")
    forged = (
        media("https://t.me/irrawaddy_news/4521")
        + '<iframe src="https://evil.example/spy"></iframe>'
        + "<script src=https://evil.example/x.js></script>"
        + media("https://unknown.example/v/1")
        + media("javascript:alert(1)")
    )
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(section, headline="Forged", body=forged, status=Article.Status.DRAFT),
    )

    assert response.status_code == 302
    assert Article.objects.get(headline="Forged").body == (
        media("https://t.me/irrawaddy_news/4521")
        + '<p><a href="https://unknown.example/v/1" rel="noopener noreferrer">'
        "https://unknown.example/v/1</a></p>"
    )


def render(html: str, mode: Mode, library: BodyLibrary | None = None) -> str:
    return render_body(html, library=library or BodyLibrary(), mode=mode)


def test_a_reader_page_gets_a_facade_that_loads_nothing_from_the_provider():
    html = render(BURMESE + media(YOUTUBE), Mode.PAGE)
    post = render(media("https://t.me/irrawaddy_news/1"), Mode.PAGE)

    assert html.startswith(BURMESE)
    assert '<figure class="embed embed--youtube" data-embed>' in html
    assert "<iframe" not in html and "<script" not in html and "<img" not in html
    assert "youtube-nocookie" not in html, "the player's address is only on our frame page"
    assert f'<a class="embed__link" href="{YOUTUBE}"' in html
    assert ">Watch on YouTube</a>" in html
    assert '<div class="embed__consent" hidden>' in html
    assert (
        'data-embed-frame="/embed/frame/?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ"'
        in html
    )
    assert ">\nLoad the YouTube video</button>" in html
    assert '<figure class="embed embed--telegram embed--post" data-embed>' in post
    assert "Loading it connects you to YouTube" in html


@pytest.mark.django_db
def test_the_facade_shows_our_copy_of_the_still_and_the_title():
    still = ImageFactory()
    Embed.objects.create(
        url=YOUTUBE,
        provider_name="YouTube",
        title="Flood <in> Bago",
        frame_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        thumbnail=still,
    )

    html = render_body(media(YOUTUBE), mode=Mode.PAGE)

    assert f'src="{still.rendition_url(640)}"' in html
    assert 'alt=""' in html and 'loading="lazy"' in html, "decorative: the title says it"
    assert '<p class="embed__title">Flood &lt;in&gt; Bago</p>' in html
    assert 'data-embed-title="YouTube video: Flood &lt;in&gt; Bago"' in html


@pytest.mark.parametrize(
    ("url", "text"),
    [
        (YOUTUBE, "Watch on YouTube"),
        ("https://x.com/MyanmarNow/status/1", "View the post on X"),
        ("https://t.me/irrawaddy_news/4521", "View the post on Telegram"),
        ("https://soundcloud.com/dvb/news", "Listen on SoundCloud"),
    ],
)
@pytest.mark.parametrize("mode", [Mode.FEED, Mode.LITE])
def test_feeds_and_the_lite_edition_get_a_plain_link(url, text, mode):
    html = render(BURMESE + media(url), mode)

    assert html == BURMESE + f'<p><a href="{url}" rel="noopener noreferrer">{text}</a></p>'


@pytest.mark.django_db
def test_a_link_with_a_known_title_names_it_in_feeds():
    Embed.objects.create(url=YOUTUBE, provider_name="YouTube", title="Flood", frame_url="x")

    html = render_body(media(YOUTUBE), mode=Mode.FEED)

    link = f'<a href="{YOUTUBE}" rel="noopener noreferrer">Watch on YouTube: Flood</a>'
    assert html == f"<p>{link}</p>"


ALLOWLIST = [
    {
        "name": "Mizzima TV",
        "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
        "endpoint": "https://tv.mizzima.example/oembed",
        "frame_origins": ["https://player.mizzima.example"],
    }
]


@pytest.mark.django_db
def test_an_allowlisted_link_is_a_facade_only_with_a_player_on_an_allowed_origin(settings):
    settings.EMBED_OEMBED_PROVIDERS = ALLOWLIST
    url = "https://tv.mizzima.example/v/42"
    body = sanitize_html(media(url))
    assert body == media(url)

    # Not yet asked (or the provider failed): a link.
    assert render_body(body, mode=Mode.PAGE) == (
        f'<p><a href="{url}" rel="noopener noreferrer">Watch on Mizzima TV</a></p>'
    )
    embed = Embed.objects.create(
        url=url, provider_name="Mizzima TV", frame_url="https://player.mizzima.example/e/42"
    )
    assert "data-embed-frame" in render_body(body, mode=Mode.PAGE)
    # A row from before the operator changed the origins: a link again.
    embed.frame_url = "https://elsewhere.example/e/42"
    embed.save()
    assert "data-embed-frame" not in render_body(body, mode=Mode.PAGE)
    # The provider left the allowlist: the stored reference is shown as a link.
    settings.EMBED_OEMBED_PROVIDERS = []
    assert render_body(body, mode=Mode.PAGE) == (
        f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>'
    )


@pytest.mark.django_db
def test_a_story_page_shows_the_facade_and_its_policy_names_no_provider(client):
    story = ArticleFactory(
        primary_section=SectionFactory(slug="news"),
        body=BURMESE + media(YOUTUBE) + media("https://x.com/MyanmarNow/status/1"),
    )

    response = client.get(story.get_absolute_url())

    html = response.content.decode()
    assert html.count("data-embed-frame=") == 2
    policy = response["Content-Security-Policy"]
    assert "youtube" not in policy and "twitter" not in policy
    assert "frame-src" not in policy, "default-src 'self': our frame page only"
