"""Which links can become embeds, and the player frame each one loads on a click.

Two kinds of provider:
- the built-in ones below (YouTube, Vimeo, Facebook, X, Telegram, SoundCloud): the
  player's address is built here from an id read strictly out of the link, on the
  provider's privacy-friendliest host (youtube-nocookie, Vimeo's `dnt=1`, X's `dnt=true`);
- the operator's allowlist, `EMBED_OEMBED_PROVIDERS` in settings: oEmbed providers whose
  player address is whatever their endpoint answered when an editor saved the story
  (`articles.content.oembed`), kept in an `Embed` row and loaded only from the origins
  the entry names.

A link is matched after `normalise_link()`: https, lower-case host, no user, port or
fragment, so `https://youtube.com.evil.example/…` or `https://youtube.com@evil.example/`
match nothing. Each pattern is written to work as a Python and a JavaScript regular
expression, so the editor (`ckeditor_providers()`) accepts the links the server does.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify
from django.utils.translation import gettext as _


class Kind(StrEnum):
    """What the player shows; it sets the words on the facade and the frame's shape."""

    VIDEO = "video"  # 16:9
    POST = "post"  # a social post: tall
    AUDIO = "audio"  # a short player strip


@dataclass(frozen=True)
class Provider:
    """One provider: `patterns` read a link's parts; `canonical` and `frame` build the
    link we keep and the player we load from them."""

    name: str  # the registry key and the facade's CSS modifier
    label: str  # the brand, shown to readers (not translated)
    kind: Kind
    patterns: tuple[str, ...]
    frame_origins: tuple[str, ...]
    canonical: Callable[[dict], str] | None = None
    frame: Callable[[dict], str] | None = None
    # Best-effort title and still, fetched when an editor saves (articles.content.oembed).
    oembed_endpoint: str = ""
    thumbnail_origins: tuple[str, ...] = ()
    allowlisted: bool = False
    compiled: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.patterns))

    def match(self, url: str) -> dict | None:
        for pattern in self.compiled:
            found = pattern.fullmatch(url)
            if found:
                return {key: value for key, value in found.groupdict().items() if value}
        return None

    def link_text(self) -> str:
        """The plain link to the original, which works without JavaScript."""
        if self.kind == Kind.VIDEO:
            return _("Watch on %(provider)s") % {"provider": self.label}
        if self.kind == Kind.AUDIO:
            return _("Listen on %(provider)s") % {"provider": self.label}
        return _("View the post on %(provider)s") % {"provider": self.label}

    def button_text(self) -> str:
        """The button that loads the provider's player in the page."""
        if self.kind == Kind.VIDEO:
            return _("Load the %(provider)s video") % {"provider": self.label}
        if self.kind == Kind.AUDIO:
            return _("Load the %(provider)s player") % {"provider": self.label}
        return _("Load the post from %(provider)s") % {"provider": self.label}

    def frame_title(self, title: str = "") -> str:
        """The player frame's accessible name: what it is, and its title if known."""
        if self.kind == Kind.VIDEO:
            label = _("%(provider)s video") % {"provider": self.label}
        elif self.kind == Kind.AUDIO:
            label = _("%(provider)s player") % {"provider": self.label}
        else:
            label = _("Post from %(provider)s") % {"provider": self.label}
        return f"{label}: {title}" if title else label


@dataclass(frozen=True)
class EmbedLink:
    """A link matched to its provider: the normalised link and, for a built-in
    provider, the player's address (an allowlisted one's is in its `Embed` row)."""

    provider: Provider
    url: str
    frame_url: str = ""


# Tails that may follow a link's path: a query (tracking parameters, a start time),
# never a different page. Fragments are gone after normalise_link().
QUERY = r"(?:\?[^#]*)?"
MORE_QUERY = r"(?:&[^#]*)?"
YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
YOUTUBE_HOST = r"https://(?:www\.|m\.)?youtube\.com"
FACEBOOK_HOST = r"https://(?:www\.|m\.|web\.)?facebook\.com"
FACEBOOK_PAGE = r"(?P<page>[A-Za-z0-9.]{1,80})"
FACEBOOK_VIDEO_ID = r"(?P<video>[0-9]{1,20})"


def _facebook_post_link(parts: dict) -> str:
    if "story" in parts:
        return (
            "https://www.facebook.com/permalink.php"
            f"?story_fbid={parts['story']}&id={parts['owner']}"
        )
    return f"https://www.facebook.com/{parts['page']}/posts/{parts['post']}"


def _facebook_video_link(parts: dict) -> str:
    if "page" in parts:
        return f"https://www.facebook.com/{parts['page']}/videos/{parts['video']}"
    return f"https://www.facebook.com/watch/?v={parts['video']}"


def _facebook_plugin(plugin: str, canonical: Callable[[dict], str]) -> Callable[[dict], str]:
    def frame(parts: dict) -> str:
        return f"https://www.facebook.com/plugins/{plugin}?href={quote(canonical(parts), safe='')}"

    return frame


def _vimeo_frame(parts: dict) -> str:
    private = f"h={parts['hash']}&" if "hash" in parts else ""
    return f"https://player.vimeo.com/video/{parts['id']}?{private}dnt=1"


def _soundcloud_link(parts: dict) -> str:
    return f"https://soundcloud.com/{parts['user']}/{parts['track']}"


BUILT_IN = (
    Provider(
        name="youtube",
        label="YouTube",
        kind=Kind.VIDEO,
        patterns=(
            rf"{YOUTUBE_HOST}/watch\?(?:[^#]*&)?v={YOUTUBE_ID}{MORE_QUERY}",
            rf"{YOUTUBE_HOST}/(?:shorts|live|embed)/{YOUTUBE_ID}{QUERY}",
            rf"https://youtu\.be/{YOUTUBE_ID}{QUERY}",
        ),
        canonical=lambda parts: f"https://www.youtube.com/watch?v={parts['id']}",
        frame=lambda parts: f"https://www.youtube-nocookie.com/embed/{parts['id']}",
        frame_origins=("https://www.youtube-nocookie.com",),
        oembed_endpoint="https://www.youtube.com/oembed",
        thumbnail_origins=("https://i.ytimg.com",),
    ),
    Provider(
        name="vimeo",
        label="Vimeo",
        kind=Kind.VIDEO,
        patterns=(
            r"https://(?:www\.)?vimeo\.com/(?:channels/[A-Za-z0-9_-]{1,64}/)?"
            rf"(?P<id>[0-9]{{1,12}})(?:/(?P<hash>[0-9a-f]{{6,20}}))?/?{QUERY}",
            rf"https://player\.vimeo\.com/video/(?P<id>[0-9]{{1,12}}){QUERY}",
        ),
        canonical=lambda parts: "/".join(
            ["https://vimeo.com", parts["id"], *([parts["hash"]] if "hash" in parts else [])]
        ),
        frame=_vimeo_frame,
        frame_origins=("https://player.vimeo.com",),
        oembed_endpoint="https://vimeo.com/api/oembed.json",
        thumbnail_origins=("https://i.vimeocdn.com",),
    ),
    Provider(
        name="facebook-video",
        label="Facebook",
        kind=Kind.VIDEO,
        patterns=(
            rf"{FACEBOOK_HOST}/{FACEBOOK_PAGE}/videos/(?:[A-Za-z0-9.-]{{1,200}}/)?"
            rf"{FACEBOOK_VIDEO_ID}/?{QUERY}",
            rf"{FACEBOOK_HOST}/watch/?\?v={FACEBOOK_VIDEO_ID}{MORE_QUERY}",
            rf"{FACEBOOK_HOST}/reel/{FACEBOOK_VIDEO_ID}/?{QUERY}",
        ),
        canonical=_facebook_video_link,
        frame=_facebook_plugin("video.php", _facebook_video_link),
        frame_origins=("https://www.facebook.com",),
    ),
    Provider(
        name="facebook-post",
        label="Facebook",
        kind=Kind.POST,
        patterns=(
            rf"{FACEBOOK_HOST}/{FACEBOOK_PAGE}/posts/(?P<post>[A-Za-z0-9]{{1,80}})/?{QUERY}",
            rf"{FACEBOOK_HOST}/permalink\.php\?story_fbid=(?P<story>[A-Za-z0-9]{{1,80}})"
            rf"&id=(?P<owner>[0-9]{{1,20}}){MORE_QUERY}",
        ),
        canonical=_facebook_post_link,
        frame=_facebook_plugin("post.php", _facebook_post_link),
        frame_origins=("https://www.facebook.com",),
    ),
    Provider(
        name="x",
        label="X",
        kind=Kind.POST,
        patterns=(
            r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>[A-Za-z0-9_]{1,15})"
            rf"/status(?:es)?/(?P<id>[0-9]{{1,20}})/?{QUERY}",
        ),
        canonical=lambda parts: f"https://x.com/{parts['user']}/status/{parts['id']}",
        frame=lambda parts: (
            f"https://platform.twitter.com/embed/Tweet.html?id={parts['id']}&dnt=true"
        ),
        frame_origins=("https://platform.twitter.com",),
        oembed_endpoint="https://publish.twitter.com/oembed",
    ),
    Provider(
        name="telegram",
        label="Telegram",
        kind=Kind.POST,
        patterns=(
            r"https://(?:t\.me|telegram\.me)/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})"
            rf"/(?P<post>[0-9]{{1,10}})/?{QUERY}",
        ),
        canonical=lambda parts: f"https://t.me/{parts['channel']}/{parts['post']}",
        frame=lambda parts: f"https://t.me/{parts['channel']}/{parts['post']}?embed=1",
        frame_origins=("https://t.me",),
    ),
    Provider(
        name="soundcloud",
        label="SoundCloud",
        kind=Kind.AUDIO,
        patterns=(
            r"https://(?:www\.|m\.)?soundcloud\.com/(?P<user>[A-Za-z0-9_-]{1,64})"
            rf"/(?P<track>(?:sets/)?[A-Za-z0-9_-]{{1,128}})/?{QUERY}",
        ),
        canonical=_soundcloud_link,
        frame=lambda parts: (
            "https://w.soundcloud.com/player/?url=" + quote(_soundcloud_link(parts), safe="")
        ),
        frame_origins=("https://w.soundcloud.com",),
        oembed_endpoint="https://soundcloud.com/oembed",
        thumbnail_origins=("https://i1.sndcdn.com",),
    ),
)


ALLOWLIST_KEYS = {"name", "url_patterns", "endpoint", "frame_origins"}
ORIGIN = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?")


def checked_allowlist(entries) -> list[dict]:
    """`entries` (EMBED_OEMBED_PROVIDERS, from the environment) if each is a usable
    provider; otherwise ImproperlyConfigured, so a typo stops the app at start rather
    than every page with an embed."""
    if not isinstance(entries, list):
        raise ImproperlyConfigured("EMBED_OEMBED_PROVIDERS must be a JSON list.")
    for number, entry in enumerate(entries, 1):
        where = f"EMBED_OEMBED_PROVIDERS entry {number}"
        if not isinstance(entry, dict) or not set(entry) >= ALLOWLIST_KEYS:
            raise ImproperlyConfigured(f"{where} needs {', '.join(sorted(ALLOWLIST_KEYS))}.")
        lists = (entry["url_patterns"], entry["frame_origins"], entry.get("thumbnail_origins", []))
        if not all(isinstance(value, list) for value in lists) or not entry["url_patterns"]:
            raise ImproperlyConfigured(f"{where}: url_patterns and the origins are lists.")
        try:
            for pattern in entry["url_patterns"]:
                re.compile(pattern)
        except (TypeError, re.error) as error:
            raise ImproperlyConfigured(f"{where}: a URL pattern is wrong: {error}") from error
        origins = [*entry["frame_origins"], *entry.get("thumbnail_origins", [])]
        if not all(isinstance(o, str) and ORIGIN.fullmatch(o.rstrip("/")) for o in origins):
            raise ImproperlyConfigured(f"{where}: origins are like https://player.example.org")
        if entry.get("kind", Kind.VIDEO) not in set(Kind):
            raise ImproperlyConfigured(f"{where}: kind is video, post or audio.")
    return entries


def allowlisted_providers() -> list[Provider]:
    """The operator's oEmbed providers (`EMBED_OEMBED_PROVIDERS`), read afresh so a
    settings change needs no restart of this module."""
    return [
        Provider(
            name=f"oembed-{slugify(entry['name'])}",
            label=entry["name"],
            kind=Kind(entry.get("kind", Kind.VIDEO)),
            patterns=tuple(entry["url_patterns"]),
            frame_origins=tuple(origin.rstrip("/") for origin in entry["frame_origins"]),
            oembed_endpoint=entry["endpoint"],
            thumbnail_origins=tuple(o.rstrip("/") for o in entry.get("thumbnail_origins", ())),
            allowlisted=True,
        )
        for entry in settings.EMBED_OEMBED_PROVIDERS
    ]


# The longest link an `Embed` row keeps.
MAX_LINK_LENGTH = 1000


def normalise_link(url: str) -> str | None:
    """`url` as https with a lower-case host and no fragment; None unless it is a
    plain http(s) address (no user, password or port: nothing to disguise a host)
    of at most MAX_LINK_LENGTH characters."""
    if len(url) > MAX_LINK_LENGTH:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    if "@" in parts.netloc or ":" in parts.netloc:
        return None
    if any(char.isspace() or char in "<>\"'\\" for char in url.strip()):
        return None
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{parts.hostname}{parts.path or '/'}{query}"


def match_link(url: str) -> EmbedLink | None:
    """`url` as a link we embed, or None: a built-in provider's link, normalised to its
    canonical form (tracking parameters dropped), or an allowlisted provider's link."""
    normal = normalise_link(url)
    if normal is None:
        return None
    for provider in BUILT_IN:
        parts = provider.match(normal)
        if parts is not None:
            return EmbedLink(provider, provider.canonical(parts), provider.frame(parts))
    for provider in allowlisted_providers():
        if provider.match(normal) is not None:
            return EmbedLink(provider, normal)
    return None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _javascript_pattern(pattern: str) -> str:
    """A "/…/" string the CKEditor config's reviver turns into a RegExp; it accepts
    http:// too and a fragment, which the server drops. Named groups become plain ones
    (the editor needs no parts, and older browsers know no named groups)."""
    body = re.sub(r"\(\?P<[a-z]+>", "(", pattern).replace("https://", "https?://", 1)
    return f"/^{body}(?:#.*)?$/"


def ckeditor_providers(allowlist: list[dict]) -> list[dict]:
    """The editor's media providers, built-in and `allowlist` (EMBED_OEMBED_PROVIDERS's
    entries), one entry a pattern: the config's reviver makes a RegExp of a string, not
    of a list. No `html`: the editor shows the link itself and loads nothing from the
    provider. Settings call this, before the allowlist is in `settings`."""
    built_in = [(provider.name, provider.patterns) for provider in BUILT_IN]
    listed = [(f"oembed-{slugify(e['name'])}", e["url_patterns"]) for e in allowlist]
    return [
        {"name": name, "url": _javascript_pattern(pattern)}
        for name, patterns in built_in + listed
        for pattern in patterns
    ]
