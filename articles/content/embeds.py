"""Embeds that do not spy on readers.

A stored body keeps an embed as CKEditor's `<figure class="media"><oembed url>`,
settled by `settle_embeds()` when the story is saved: only a link of a known provider
(`embed_providers`) stays an embed, in its canonical form; another web address becomes
a plain link; anything else goes.

A reader's page shows a facade (`render_embed()`): our own copy of the still, if we
have one, the provider's name, the title, a plain link to the original and a hidden
button. `static/js/site.js` shows the button; pressing it loads our own frame page
(`articles.embed_views.embed_frame`), whose policy alone lets the provider's player in.
Until then nothing on the page comes from the provider, and the page's own
Content-Security-Policy names no provider at all. Feeds, the API and the lite edition
get the plain link.
"""

import re
from html import escape
from urllib.parse import urlencode, urlsplit

from django.template.loader import render_to_string
from django.urls import reverse

from articles.content.embed_providers import EmbedLink, Kind, match_link, origin_of
from articles.content.rendering import GALLERY_URL, find_blocks

# The facade's and the player's shape (static/css/site.css); a video's is the default.
SHAPE_CLASSES = {Kind.VIDEO: "", Kind.POST: "embed--post", Kind.AUDIO: "embed--audio"}
EDITOR_GALLERY_URL = re.compile(rf"(?:https?://)?(?P<reference>{GALLERY_URL.pattern})")
# CKEditor wraps every media embed in a figure; a bare one was typed by hand or forged.
BARE_OEMBED = re.compile(r"<oembed\b[^>]*>.*?</oembed>|<oembed\b[^>]*/?>", re.DOTALL)


def _reference(url: str) -> str:
    return f'<figure class="media"><oembed url="{escape(url)}"></oembed></figure>'


def _plain_link(url: str, text: str | None = None) -> str:
    """A paragraph with a link to `url`, or "" unless it is an http(s) address."""
    address = url.strip()
    if urlsplit(address).scheme.lower() not in {"http", "https"}:
        return ""
    label = escape(text or address)
    return f'<p><a href="{escape(address)}" rel="noopener noreferrer">{label}</a></p>'


def settled_reference(url: str) -> str:
    """What an `<oembed url>` becomes in a stored body (see the module docstring)."""
    # CKEditor's media embed writes every link it keeps with a scheme: "gallery:12"
    # leaves the editor as "https://gallery:12".
    gallery = EDITOR_GALLERY_URL.fullmatch(url)
    if gallery:
        return _reference(gallery["reference"])
    link = match_link(url)
    if link is not None:
        return _reference(link.url)
    return _plain_link(url)


def settle_embeds(html: str) -> str:
    """`html` (already sanitised) with each embed settled and every bare `<oembed>`
    (one outside a figure) removed; the text around them is left as it was."""
    if "<oembed" not in html:
        return html
    parts, position = [], 0
    for block in find_blocks(html):
        if block.kind not in {"embed", "gallery"}:
            continue
        parts.append(BARE_OEMBED.sub("", html[position : block.start]))
        parts.append(settled_reference(block.url))
        position = block.end
    parts.append(BARE_OEMBED.sub("", html[position:]))
    return "".join(parts)


def frame_page_url(link: EmbedLink) -> str:
    """Our frame page for `link` (articles.embed_views), the only frame a reader's page loads."""
    return f"{reverse('articles:embed-frame')}?{urlencode({'url': link.url})}"


def playable_frame_url(link: EmbedLink, embed) -> str:
    """The provider's player for `link`: the built-in one, or the one an allowlisted
    provider's endpoint gave (its `Embed` row), if it is still on an allowed origin.
    "" when there is none: the reader then gets the link."""
    if not link.provider.allowlisted:
        return link.frame_url
    if embed is not None and origin_of(embed.frame_url) in link.provider.frame_origins:
        return embed.frame_url
    return ""


def render_embed(block, *, library, mode):
    """The facade (on a reader's page) or the plain link (feeds, the lite edition) of one embed;
    a link we no longer embed (its provider left the allowlist) is a plain link."""
    link = match_link(block.url)
    if link is None:
        return _plain_link(block.url)
    embed = library.embeds.get(link.url)
    title = embed.title if embed is not None else ""
    text = link.provider.link_text()
    if not mode.on_page or not playable_frame_url(link, embed):
        return _plain_link(link.url, f"{text}: {title}" if title else text)
    return render_to_string(
        "articles/includes/embed_facade.html",
        {
            "provider": link.provider,
            "shape_class": SHAPE_CLASSES[link.provider.kind],
            "url": link.url,
            "title": title,
            "still": embed.thumbnail if embed is not None else None,
            "link_text": text,
            "button_text": link.provider.button_text(),
            "frame_title": link.provider.frame_title(title),
            "frame_page": frame_page_url(link),
        },
    )
