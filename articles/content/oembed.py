"""What providers say about a story's embeds, asked when an editor saves it.

Never during a reader's request: `fetch_missing_embeds()` runs when the article admin's
save has committed (`ask_providers_after_save()`), and the answer is kept in an `Embed`
row that readers' pages read. For each link not yet known, the provider's oEmbed
endpoint is asked (JSON only, no redirect
followed, at most `EMBED_OEMBED_MAX_BYTES` within `EMBED_FETCH_TIMEOUT` seconds):
- an allowlisted provider's answer must hold exactly one `<iframe>` whose `src` is on
  one of the entry's frame origins: that is the player loaded on a click. Anything
  else, and the link stays a plain link for readers.
- a built-in provider's player is ours (`embed_providers`); its answer only gives the
  title and still, best-effort: a failure leaves the facade without them.
The still is copied into the media library (an `Image`, so its metadata is stripped)
from the provider's thumbnail origins only, so a reader never fetches it from them.
"""

import json
import logging
import time
from collections.abc import Callable
from functools import partial
from html.parser import HTMLParser
from http.client import HTTPException
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from articles.content.embed_providers import EmbedLink, match_link, origin_of
from articles.content.images import validate_image_upload
from articles.content.rendering import find_blocks
from articles.models import Embed, Image

logger = logging.getLogger(__name__)

# An editor's save waits for these requests (each link: an answer and a still, each
# within EMBED_FETCH_TIMEOUT): no new link is asked about after SAVE_BUDGET_SECONDS, nor
# more than MAX_FETCHES_PER_SAVE, so a save stays well inside gunicorn's 30 s. The
# rest are asked on the next save.
MAX_FETCHES_PER_SAVE = 5
SAVE_BUDGET_SECONDS = 10
CHUNK = 16 * 1024
STILL_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}


class FetchError(Exception):
    """A provider's answer we cannot use; the message says why."""


# Told of each link whose provider failed, e.g. to warn the editor who saved it.
FailureReport = Callable[[EmbedLink, FetchError], None]


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError(f"redirected ({code}) to {origin_of(newurl)}")


_opener = build_opener(_NoRedirects)


def fetch(url: str, *, accept: str, max_bytes: int) -> tuple[str, bytes]:
    """GET `url`: (content type, body), within the time and size limits."""
    deadline = time.monotonic() + settings.EMBED_FETCH_TIMEOUT
    request = Request(url, headers={"Accept": accept, "User-Agent": "Newsroom oEmbed"})
    try:
        with _opener.open(request, timeout=settings.EMBED_FETCH_TIMEOUT) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{declared} bytes declared, limit {max_bytes}")
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"more than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError("too slow")
            return response.headers.get_content_type(), bytes(body)
    except (OSError, HTTPException, ValueError) as error:  # OSError: URLError, timeouts
        raise FetchError(str(error)) from error


def fetch_oembed(endpoint: str, url: str) -> dict:
    """The provider's oEmbed answer about `url`, as a dict."""
    query = urlencode({"url": url, "format": "json", "maxwidth": 1280})
    separator = "&" if "?" in endpoint else "?"
    content_type, body = fetch(
        f"{endpoint}{separator}{query}",
        accept="application/json",
        max_bytes=settings.EMBED_OEMBED_MAX_BYTES,
    )
    if content_type != "application/json":
        raise FetchError(f"answered {content_type}, not JSON")
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise FetchError("not valid JSON") from error
    if not isinstance(answer, dict):
        raise FetchError("not a JSON object")
    return answer


class _OneIframe(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text += data


def single_iframe_src(html: str, origins: tuple[str, ...]) -> str:
    """The `src` of the one `<iframe>` that `html` is, if it is on one of `origins`."""
    parser = _OneIframe()
    parser.feed(html)
    parser.close()
    if len(parser.tags) != 1 or parser.tags[0][0] != "iframe" or parser.text.strip():
        raise FetchError("the html is not one iframe")
    src = parser.tags[0][1].get("src", "")
    if origin_of(src) not in origins:
        raise FetchError(f"the iframe is on {origin_of(src)}, not an allowed origin")
    return src


def _size(answer: dict, key: str) -> int | None:
    value = answer.get(key)
    return value if isinstance(value, int) and 0 < value < 10_000 else None


def copy_still(link: EmbedLink, answer: dict, title: str):
    """The answer's thumbnail as a media library `Image`, or None: it must come from
    one of the provider's thumbnail origins and be a JPEG, PNG, WebP or GIF."""
    url = answer.get("thumbnail_url")
    if not isinstance(url, str) or origin_of(url) not in link.provider.thumbnail_origins:
        return None
    content_type, body = fetch(
        url, accept=", ".join(STILL_TYPES), max_bytes=settings.EMBED_STILL_MAX_BYTES
    )
    if content_type not in STILL_TYPES:
        raise FetchError(f"the still is {content_type}")
    file = ContentFile(body, name=f"embed-still.{STILL_TYPES[content_type]}")
    try:
        validate_image_upload(file)
    except ValidationError as error:
        raise FetchError(f"the still is refused: {error.messages[0]}") from error
    alt = _("Still from %(provider)s") % {"provider": link.provider.label}
    try:
        # A file whose header reads well may still fail to decode (truncated): no row then.
        with transaction.atomic():
            return Image.objects.create(
                file=file,
                alt_text=f"{alt}: {title}"[:300] if title else alt,
                credit=link.provider.label[:200],
            )
    except (OSError, ValueError) as error:
        raise FetchError(f"the still could not be decoded: {error}") from error


def refresh_embed(link: EmbedLink):
    """Ask `link`'s provider about it and keep the answer in its `Embed` row (returned);
    raises FetchError when the answer cannot be used."""
    answer = fetch_oembed(link.provider.oembed_endpoint, link.url)
    if link.provider.allowlisted:
        frame_url = single_iframe_src(str(answer.get("html", "")), link.provider.frame_origins)
    else:
        frame_url = link.frame_url
    title = answer.get("title") if isinstance(answer.get("title"), str) else ""
    title = " ".join(title.split())[:300]
    embed, _created = Embed.objects.update_or_create(
        url=link.url,
        defaults={
            "provider_name": link.provider.label[:100],
            "title": title,
            "frame_url": frame_url,
            "width": _size(answer, "width"),
            "height": _size(answer, "height"),
        },
    )
    if embed.thumbnail_id is None:
        try:
            embed.thumbnail = copy_still(link, answer, title)
        except FetchError as error:
            logger.warning("The still of %s was not copied: %s", link.provider.name, error)
        else:
            embed.save(update_fields=["thumbnail", "fetched_at"])
    return embed


def asks(link: EmbedLink) -> bool:
    """Whether `link`'s provider is asked about it (EMBED_ASK_BUILT_IN_PROVIDERS)."""
    if link.provider.allowlisted:
        return True
    return bool(link.provider.oembed_endpoint) and settings.EMBED_ASK_BUILT_IN_PROVIDERS


def fetch_missing_embeds(html: str, *, on_failure: FailureReport | None = None) -> list:
    """Ask the providers about the embeds in `html` that have no `Embed` row yet (at
    most MAX_FETCHES_PER_SAVE); return the rows made. A provider that fails is logged
    (and passed to `on_failure`), and its link left without a row: a plain link
    (allowlisted) or a facade without title and still (built-in)."""
    links = {}
    for block in find_blocks(html):
        link = match_link(block.url) if block.kind == "embed" else None
        if link is not None and asks(link):
            links[link.url] = link
    if not links:
        return []
    known = set(Embed.objects.filter(url__in=links).values_list("url", flat=True))
    made = []
    deadline = time.monotonic() + SAVE_BUDGET_SECONDS
    for url in [url for url in links if url not in known][:MAX_FETCHES_PER_SAVE]:
        if time.monotonic() > deadline:
            break
        try:
            made.append(refresh_embed(links[url]))
        except FetchError as error:
            logger.warning("oEmbed for %s failed: %s", links[url].provider.name, error)
            if on_failure is not None:
                on_failure(links[url], error)
    return made


def ask_providers_after_save(html: str, *, on_failure: FailureReport | None = None) -> None:
    """Ask about `html`'s new embeds once the save's transaction has committed, so that
    no transaction (nor the lock on the story's row) waits on a provider."""
    transaction.on_commit(partial(fetch_missing_embeds, html, on_failure=on_failure))
