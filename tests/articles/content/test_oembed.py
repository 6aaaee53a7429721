"""Asking oEmbed providers about a story's embeds, when an editor saves it, against a
local HTTP server standing in for them (there is no internet here): a good answer is
kept with our own copy of the still; a slow, huge, non-JSON or redirected answer, or a
player on an origin not allowed, leaves the link a link. Readers never cause a request."""

import contextlib
import dataclasses
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from articles.content import embed_providers
from articles.content.oembed import fetch_missing_embeds
from articles.models import Article, Embed, Image
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, SectionFactory, png_bytes

pytestmark = pytest.mark.django_db

VIDEO = "https://tv.mizzima.example/v/42"
PLAYER = "https://player.mizzima.example/e/42"


class Provider(BaseHTTPRequestHandler):
    """Answers from `self.server.routes`: path → (status, headers, body, delay)."""

    def do_GET(self):
        path = urlsplit(self.path).path
        self.server.asked.append((path, parse_qs(urlsplit(self.path).query)))
        status, headers, body, delay = self.server.routes.get(path, (404, {}, b"", 0))
        time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        # The client may give up on a huge or slow answer, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    """A local oEmbed provider, allowlisted, whose stills are on its own origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    server.daemon_threads = True
    server.routes, server.asked = {}, []
    origin = f"http://127.0.0.1:{server.server_port}"
    server.origin = origin
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.EMBED_FETCH_TIMEOUT = 0.5
    settings.EMBED_OEMBED_PROVIDERS = [
        {
            "name": "Mizzima TV",
            "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
            "endpoint": f"{origin}/oembed",
            "frame_origins": ["https://player.mizzima.example"],
            "thumbnail_origins": [origin],
        }
    ]
    yield server
    server.shutdown()
    server.server_close()


def answer(server, payload, *, status=200, content_type="application/json", delay=0.0):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    server.routes["/oembed"] = (status, {"Content-Type": content_type}, body, delay)


def good_answer(server, **changes):
    payload = {
        "type": "video",
        "version": "1.0",
        "title": "ရေကြီးမှု  in Bago",
        "html": f'<iframe width="640" height="360" src="{PLAYER}" allowfullscreen></iframe>',
        "width": 640,
        "height": 360,
        "thumbnail_url": f"{server.origin}/still.png",
        **changes,
    }
    answer(server, payload)
    server.routes["/still.png"] = (200, {"Content-Type": "image/png"}, png_bytes(320, 180), 0)


def body_with(url: str) -> str:
    return f'<p>မြန်မာ</p><figure class="media"><oembed url="{url}"></oembed></figure>'


def test_a_good_answer_is_kept_with_our_own_copy_of_the_still(provider):
    good_answer(provider)

    (embed,) = fetch_missing_embeds(body_with(VIDEO))

    assert provider.asked[0] == (
        "/oembed",
        {"url": [VIDEO], "format": ["json"], "maxwidth": ["1280"]},
    )
    assert embed.url == VIDEO and embed.frame_url == PLAYER
    assert embed.title == "ရေကြီးမှု in Bago"
    assert (embed.width, embed.height, embed.provider_name) == (640, 360, "Mizzima TV")
    still = embed.thumbnail
    assert still.width == 320 and still.metadata_stripped
    assert still.alt_text == "Still from Mizzima TV: ရေကြီးမှု in Bago"
    assert still.file.url.startswith("/media/"), "readers get it from us, not the provider"


def test_an_embed_already_known_is_not_asked_again(provider):
    good_answer(provider)
    fetch_missing_embeds(body_with(VIDEO))
    asked = len(provider.asked)

    assert fetch_missing_embeds(body_with(VIDEO)) == []
    assert len(provider.asked) == asked


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example/e/42"></iframe>',
        '<iframe src="http://player.mizzima.example/e/42"></iframe>',
        '<iframe src="https://player.mizzima.example.evil.example/e/42"></iframe>',
        f'<iframe src="{PLAYER}"></iframe><script src="https://player.mizzima.example/x.js"></script>',
        f'<div><iframe src="{PLAYER}"></iframe></div>',
        f'<iframe src="{PLAYER}"></iframe><iframe src="{PLAYER}"></iframe>',
        f'<blockquote>Text</blockquote><iframe src="{PLAYER}"></iframe>',
        "",
    ],
)
def test_an_answer_that_is_not_one_frame_on_an_allowed_origin_is_refused(provider, html, caplog):
    good_answer(provider, html=html)

    with caplog.at_level(logging.WARNING, logger="articles.content.oembed"):
        assert fetch_missing_embeds(body_with(VIDEO)) == []

    assert not Embed.objects.exists()
    assert "oembed-mizzima-tv" in caplog.text


def test_a_slow_provider_is_given_up_on(provider):
    good_answer(provider)
    answer(provider, {"html": ""}, delay=5)

    started = time.monotonic()
    assert fetch_missing_embeds(body_with(VIDEO)) == []

    assert time.monotonic() - started < 4
    assert not Embed.objects.exists()


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        (b"<html><body>Not JSON</body></html>", "text/html"),
        (b"{not json", "application/json"),
        (b'["a list"]', "application/json"),
    ],
)
def test_a_non_json_answer_is_refused(provider, payload, content_type):
    answer(provider, payload, content_type=content_type)

    assert fetch_missing_embeds(body_with(VIDEO)) == []
    assert not Embed.objects.exists()


def test_a_huge_answer_is_refused_unread(provider, settings):
    settings.EMBED_OEMBED_MAX_BYTES = 1024
    answer(provider, {"title": "x" * 100_000, "html": f'<iframe src="{PLAYER}"></iframe>'})

    assert fetch_missing_embeds(body_with(VIDEO)) == []
    assert not Embed.objects.exists()


def test_a_redirect_is_not_followed(provider):
    provider.routes["/oembed"] = (302, {"Location": "http://169.254.169.254/"}, b"", 0)

    assert fetch_missing_embeds(body_with(VIDEO)) == []
    assert [path for path, _query in provider.asked] == ["/oembed"]


def test_a_still_from_elsewhere_or_not_an_image_is_not_copied(provider):
    good_answer(provider, thumbnail_url="https://evil.example/still.png")
    (embed,) = fetch_missing_embeds(body_with(VIDEO))
    assert embed.thumbnail is None
    assert "/still.png" not in [path for path, _query in provider.asked]

    Embed.objects.all().delete()
    good_answer(provider)
    provider.routes["/still.png"] = (200, {"Content-Type": "image/png"}, b"not a png", 0)
    (embed,) = fetch_missing_embeds(body_with(VIDEO))
    assert embed.thumbnail is None and embed.frame_url == PLAYER
    assert not Image.objects.exists()


def test_a_built_in_providers_answer_gives_title_and_still_but_never_the_player(
    provider, monkeypatch
):
    youtube = dataclasses.replace(
        embed_providers.BUILT_IN[0],
        oembed_endpoint=f"{provider.origin}/oembed",
        thumbnail_origins=(provider.origin,),
    )
    monkeypatch.setattr(embed_providers, "BUILT_IN", (youtube, *embed_providers.BUILT_IN[1:]))
    good_answer(provider, html='<iframe src="https://evil.example/"></iframe>')

    (embed,) = fetch_missing_embeds(body_with("https://youtu.be/dQw4w9WgXcQ"))

    assert embed.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert embed.frame_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embed.title == "ရေကြီးမှု in Bago" and embed.thumbnail is not None


def test_built_in_providers_are_not_asked_when_the_newsroom_says_so(settings):
    settings.EMBED_ASK_BUILT_IN_PROVIDERS = False

    assert fetch_missing_embeds(body_with("https://youtu.be/dQw4w9WgXcQ")) == []


def test_an_editors_save_asks_and_a_readers_page_does_not(
    provider, admin_client, client, django_capture_on_commit_callbacks
):
    good_answer(provider)
    section = SectionFactory(slug="news")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_add"),
            article_form_data(section, headline="Flood", body=body_with(VIDEO)),
        )
    assert response.status_code == 302
    assert Embed.objects.get().frame_url == PLAYER
    asked = len(provider.asked)

    story = Article.objects.get(headline="Flood")
    page = client.get(story.get_absolute_url()).content.decode()

    assert "Load the Mizzima TV video" in page and "ရေကြီးမှု in Bago" in page
    assert len(provider.asked) == asked, "a reader's page asked the provider"


def test_a_story_saved_outside_the_admin_asks_nobody(provider):
    good_answer(provider)

    ArticleFactory(body=body_with(VIDEO))

    assert provider.asked == []


def test_a_still_that_does_not_decode_leaves_no_image(provider):
    good_answer(provider)
    truncated = png_bytes(320, 180)[:120]
    provider.routes["/still.png"] = (200, {"Content-Type": "image/png"}, truncated, 0)

    (embed,) = fetch_missing_embeds(body_with(VIDEO))

    assert embed.thumbnail is None and embed.frame_url == PLAYER
    assert not Image.objects.exists()


def test_a_body_without_embeds_asks_nothing_and_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert fetch_missing_embeds("<p>မြန်မာ</p>") == []


def test_an_editor_asks_the_provider_again_from_the_embed_admin(provider, admin_client):
    good_answer(provider)
    (embed,) = fetch_missing_embeds(body_with(VIDEO))
    good_answer(provider, title="New title")

    response = admin_client.post(
        reverse("admin:articles_embed_changelist"),
        {"action": "ask_again", "_selected_action": [embed.pk]},
        follow=True,
    )

    assert "1 embed asked again." in response.content.decode()
    embed.refresh_from_db()
    assert embed.title == "New title"
    assert Image.objects.count() == 1, "the still already copied is kept"


@pytest.mark.django_db(transaction=True)
def test_the_editor_is_told_when_an_allowlisted_link_stays_a_link(provider, admin_client):
    """With real transactions: the provider is asked when the admin's save commits,
    inside the editor's request, so the warning reaches the next page."""
    answer(provider, {"html": '<iframe src="https://evil.example/e/42"></iframe>'})
    section = SectionFactory(slug="news")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(
            section, headline="Flood", body=body_with(VIDEO), status=Article.Status.DRAFT
        ),
    )

    page = admin_client.get(response["Location"]).content.decode()
    assert f"Readers get {VIDEO} as a plain link: Mizzima TV gave no player" in page
    assert not Embed.objects.exists()
