"""Our frame page around a provider's player: only for a link we embed, framed only
by our own pages, and its policy lets in that one provider's player and nothing else."""

import pytest
from django.urls import reverse

from articles.models import Embed

pytestmark = pytest.mark.django_db

FRAME = reverse("articles:embed-frame")


def frame_page(client, url: str):
    return client.get(FRAME, {"url": url})


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize(
    ("url", "player", "origin"),
    [
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com",
        ),
        (
            "https://x.com/MyanmarNow/status/17",
            "https://platform.twitter.com/embed/Tweet.html?id=17&amp;dnt=true",
            "https://platform.twitter.com",
        ),
        ("https://t.me/irrawaddy_news/9", "https://t.me/irrawaddy_news/9?embed=1", "https://t.me"),
    ],
)
def test_the_frame_page_holds_the_player_and_lets_in_that_provider_only(
    client, url, player, origin
):
    response = frame_page(client, url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<iframe src="{player}"' in html
    assert html.count("<iframe") == 1 and "<script" not in html
    assert 'referrerpolicy="strict-origin"' in html
    assert '<meta name="robots" content="noindex">' in html
    policy = directives(response)
    assert policy["frame-src"] == origin
    assert policy["frame-ancestors"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Robots-Tag"] == "noindex"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_every_other_page_still_refuses_to_be_framed(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://evil.example/",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "javascript:alert(1)",
        "gallery:1",
        "https://tv.mizzima.example/v/1",  # allowlisted below, but never asked: no player
    ],
)
def test_a_link_we_do_not_embed_is_not_found(client, settings, url):
    settings.EMBED_OEMBED_PROVIDERS = [
        {
            "name": "Mizzima TV",
            "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
            "endpoint": "https://tv.mizzima.example/oembed",
            "frame_origins": ["https://player.mizzima.example"],
        }
    ]

    assert frame_page(client, url).status_code == 404


def test_an_allowlisted_player_comes_from_its_embed_row_on_an_allowed_origin(client, settings):
    settings.EMBED_OEMBED_PROVIDERS = [
        {
            "name": "Mizzima TV",
            "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
            "endpoint": "https://tv.mizzima.example/oembed",
            "frame_origins": ["https://player.mizzima.example"],
        }
    ]
    embed = Embed.objects.create(
        url="https://tv.mizzima.example/v/1",
        provider_name="Mizzima TV",
        title="Flood",
        frame_url="https://player.mizzima.example/e/1",
    )

    response = frame_page(client, embed.url)

    assert '<iframe src="https://player.mizzima.example/e/1"' in response.content.decode()
    assert "<title>Mizzima TV video: Flood</title>" in response.content.decode()
    assert directives(response)["frame-src"] == "https://player.mizzima.example"
    embed.frame_url = "https://elsewhere.example/e/1"
    embed.save()
    assert frame_page(client, embed.url).status_code == 404


def test_a_post_is_refused(client):
    response = client.post(FRAME + "?url=https://youtu.be/dQw4w9WgXcQ")

    assert response.status_code == 405
