"""Which links become embeds: every URL form of each built-in provider, read into
its canonical link and its privacy-friendly player, and the look-alikes refused."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.content.embed_providers import (
    checked_allowlist,
    ckeditor_providers,
    match_link,
    normalise_link,
)

YOUTUBE_ID = "dQw4w9WgXcQ"
YOUTUBE = (
    "youtube",
    f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
    f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
)
FACEBOOK_VIDEO = (
    "facebook-video",
    "https://www.facebook.com/irrawaddy/videos/1234567890",
    "https://www.facebook.com/plugins/video.php?href="
    "https%3A%2F%2Fwww.facebook.com%2Firrawaddy%2Fvideos%2F1234567890",
)
FACEBOOK_POST = (
    "facebook-post",
    "https://www.facebook.com/irrawaddy/posts/pfbid02xYz",
    "https://www.facebook.com/plugins/post.php?href="
    "https%3A%2F%2Fwww.facebook.com%2Firrawaddy%2Fposts%2Fpfbid02xYz",
)
X_POST = (
    "x",
    "https://x.com/MyanmarNow/status/1790000000000000000",
    "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true",
)
TELEGRAM = (
    "telegram",
    "https://t.me/irrawaddy_news/4521",
    "https://t.me/irrawaddy_news/4521?embed=1",
)

LINKS = {
    # YouTube: watch, short link (with its share-tracking parameter), shorts, live.
    f"https://www.youtube.com/watch?v={YOUTUBE_ID}": YOUTUBE,
    f"http://youtube.com/watch?feature=share&v={YOUTUBE_ID}&t=42s": YOUTUBE,
    f"https://m.youtube.com/watch?v={YOUTUBE_ID}#comments": YOUTUBE,
    f"https://youtu.be/{YOUTUBE_ID}?si=Tr4ck1ngT0ken": YOUTUBE,
    f"https://www.youtube.com/shorts/{YOUTUBE_ID}": YOUTUBE,
    f"https://www.youtube.com/live/{YOUTUBE_ID}?feature=shared": YOUTUBE,
    f"  https://WWW.YouTube.com/watch?v={YOUTUBE_ID}  ": YOUTUBE,
    # Vimeo: public, unlisted (its hash goes to the player), channel, player.
    "https://vimeo.com/76979871": (
        "vimeo",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    "https://vimeo.com/76979871/8272103f6e": (
        "vimeo",
        "https://vimeo.com/76979871/8272103f6e",
        "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1",
    ),
    "https://vimeo.com/channels/staffpicks/76979871": (
        "vimeo",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    "https://player.vimeo.com/video/76979871": (
        "vimeo",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    # Facebook videos and posts.
    "https://www.facebook.com/irrawaddy/videos/1234567890/": FACEBOOK_VIDEO,
    "https://m.facebook.com/irrawaddy/videos/flood-in-bago/1234567890": FACEBOOK_VIDEO,
    "https://www.facebook.com/watch/?v=1234567890": (
        "facebook-video",
        "https://www.facebook.com/watch/?v=1234567890",
        "https://www.facebook.com/plugins/video.php?href="
        "https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890",
    ),
    "https://www.facebook.com/irrawaddy/posts/pfbid02xYz?ref=share": FACEBOOK_POST,
    "https://web.facebook.com/irrawaddy/posts/pfbid02xYz": FACEBOOK_POST,
    "https://www.facebook.com/permalink.php?story_fbid=555&id=100064": (
        "facebook-post",
        "https://www.facebook.com/permalink.php?story_fbid=555&id=100064",
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com"
        "%2Fpermalink.php%3Fstory_fbid%3D555%26id%3D100064",
    ),
    # X, under either name.
    "https://twitter.com/MyanmarNow/status/1790000000000000000": X_POST,
    "https://x.com/MyanmarNow/status/1790000000000000000?s=20": X_POST,
    "https://mobile.twitter.com/MyanmarNow/statuses/1790000000000000000": X_POST,
    # Telegram public posts, also from the channel's web preview.
    "https://t.me/irrawaddy_news/4521": TELEGRAM,
    "https://t.me/s/irrawaddy_news/4521": TELEGRAM,
    "https://telegram.me/irrawaddy_news/4521?single": TELEGRAM,
    # SoundCloud tracks and sets.
    "https://soundcloud.com/dvb-radio/news-0605?utm_source=clipboard": (
        "soundcloud",
        "https://soundcloud.com/dvb-radio/news-0605",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fdvb-radio%2Fnews-0605",
    ),
    "https://soundcloud.com/dvb-radio/sets/evening": (
        "soundcloud",
        "https://soundcloud.com/dvb-radio/sets/evening",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fdvb-radio%2Fsets%2Fevening",
    ),
}


@pytest.mark.parametrize("url", list(LINKS))
def test_each_form_of_a_providers_link_gives_its_canonical_link_and_private_player(url):
    provider, canonical, frame = LINKS[url]

    link = match_link(url)

    assert link is not None, url
    assert (link.provider.name, link.url, link.frame_url) == (provider, canonical, frame)
    assert match_link(link.url) == link, "the canonical link is read the same way again"


LOOK_ALIKES = [
    f"https://youtube.com.evil.example/watch?v={YOUTUBE_ID}",
    f"https://evil-youtube.com/watch?v={YOUTUBE_ID}",
    f"https://www.youtube.com.evil.example/embed/{YOUTUBE_ID}",
    f"https://youtube.com@evil.example/watch?v={YOUTUBE_ID}",
    f"https://evil.example/?u=https://youtu.be/{YOUTUBE_ID}",
    f"https://youtube.com:8443/watch?v={YOUTUBE_ID}",
    f"https://youtu.be/{YOUTUBE_ID}x",  # ids are exactly 11 characters
    "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
    f"https://youtu.be/{YOUTUBE_ID[:-1]}<",
    f"javascript://youtu.be/{YOUTUBE_ID}",
    f"ftp://youtu.be/{YOUTUBE_ID}",
    f"//youtu.be/{YOUTUBE_ID}",
    "https://vimeo.com.evil.example/76979871",
    "https://vimeo.com/76979871/not-a-hash",
    "https://player.vimeo.com/video/abc",
    "https://facebook.com.evil.example/irrawaddy/posts/1",
    "https://www.facebook.com/irrawaddy/posts/1/../../../evil",
    "https://www.facebook.com/plugins/post.php?href=https://evil.example",
    "https://x.com.evil.example/a/status/1",
    "https://x.com/a_name_longer_than_15/status/1",
    "https://x.com/MyanmarNow/status/12abc",
    "https://t.me.evil.example/irrawaddy_news/1",
    "https://t.me/irrawaddy_news/joinchat",
    "https://t.me/+inviteLinkHash/1",
    "https://soundcloud.com.evil.example/a/b",
    "https://soundcloud.com/a/b/c/d",
    "https://example.com/video.mp4",
    "gallery:1",
    "",
]


@pytest.mark.parametrize("url", LOOK_ALIKES)
def test_a_look_alike_or_unknown_link_is_no_embed(url):
    assert match_link(url) is None


def test_a_link_is_normalised_to_https_lower_case_host_and_no_fragment():
    assert normalise_link(" HTTP://Example.COM/a?b=1#c ") == "https://example.com/a?b=1"
    assert normalise_link("https://user:pw@example.com/") is None
    assert normalise_link("https://[::1]/") is None
    assert normalise_link("mailto:a@example.com") is None


def test_an_allowlisted_oembed_providers_links_are_embeds(settings):
    settings.EMBED_OEMBED_PROVIDERS = [
        {
            "name": "Mizzima TV",
            "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
            "endpoint": "https://tv.mizzima.example/oembed",
            "frame_origins": ["https://player.mizzima.example/"],
        }
    ]

    link = match_link("https://tv.mizzima.example/v/42#t=1")

    assert link.url == "https://tv.mizzima.example/v/42"
    assert link.provider.allowlisted and link.provider.label == "Mizzima TV"
    assert link.provider.frame_origins == ("https://player.mizzima.example",)
    assert link.frame_url == "", "its player is what the endpoint says, kept in an Embed row"
    assert match_link("https://tv.mizzima.example/v/42/../../admin") is None


def test_the_editors_patterns_are_the_servers_in_javascript_syntax():
    entries = ckeditor_providers([])

    assert {entry["name"] for entry in entries} == {
        "youtube", "vimeo", "facebook-video", "facebook-post", "x", "telegram", "soundcloud",
    }  # fmt: skip
    for entry in entries:
        # One "/…/" string each: the editor's config reviver turns no list into RegExps.
        pattern = entry["url"]
        assert pattern.startswith("/^https?://") and pattern.endswith("$/")
        assert "(?P<" not in pattern and "(?<" not in pattern
    youtube = [re.compile(e["url"][1:-1]) for e in entries if e["name"] == "youtube"]
    assert any(pattern.match(f"http://youtu.be/{YOUTUBE_ID}#t=1") for pattern in youtube)
    assert not any(
        pattern.match(f"https://youtu.be.evil.example/{YOUTUBE_ID}") for pattern in youtube
    )


GOOD_ENTRY = {
    "name": "Mizzima TV",
    "url_patterns": [r"https://tv\.mizzima\.example/v/[0-9]+"],
    "endpoint": "https://tv.mizzima.example/oembed",
    "frame_origins": ["https://player.mizzima.example"],
}


@pytest.mark.parametrize(
    "entries",
    [
        {"name": "not a list"},
        [{"name": "Missing the rest"}],
        [{**GOOD_ENTRY, "url_patterns": r"https://tv\.mizzima\.example/v/[0-9]+"}],
        [{**GOOD_ENTRY, "url_patterns": []}],
        [{**GOOD_ENTRY, "url_patterns": ["https://tv.mizzima.example/v/(["]}],
        [{**GOOD_ENTRY, "frame_origins": ["player.mizzima.example"]}],
        [{**GOOD_ENTRY, "frame_origins": ["https://player.mizzima.example/e/"]}],
        [{**GOOD_ENTRY, "thumbnail_origins": ["*"]}],
        [{**GOOD_ENTRY, "kind": "podcast"}],
    ],
)
def test_a_wrong_allowlist_stops_the_app_at_start_with_a_clear_message(entries):
    with pytest.raises(ImproperlyConfigured, match="EMBED_OEMBED_PROVIDERS"):
        checked_allowlist(entries)


def test_a_good_allowlist_is_taken_as_it_is():
    entries = [GOOD_ENTRY, {**GOOD_ENTRY, "name": "Radio", "kind": "audio"}]

    assert checked_allowlist(entries) is entries
