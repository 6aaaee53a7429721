"""Section and article URLs without resolving the URL patterns for each one.

Both live at one pattern, `articles:page` (`/<path>/`, see `articles.views`), and a
page prints dozens of them (menus, cards). `page_url(path)` gives what
`reverse("articles:page", kwargs={"path": path})` gives in the active edition (or the
one asked for), built from the pattern's prefix, found once per script prefix and
edition, and the path quoted the way `reverse()` does.
"""

from functools import cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes

from newsroom.editions import edition_language

SENTINEL = "x"


@cache
def _prefix(script_prefix: str, language: str) -> str:
    with translation.override(language):
        url = reverse("articles:page", kwargs={"path": SENTINEL})
    return url[: -len(f"{SENTINEL}/")]


def page_url(path: str, *, language: str | None = None) -> str:
    """The URL of the section or article at `path` (e.g. `news/burma/some-story`) in
    the edition of `language` (by default the active one: newsroom/editions.py)."""
    prefix = _prefix(get_script_prefix(), language or edition_language())
    url = prefix + quote(f"{path}/", safe=RFC3986_SUBDELIMS + "/~:@")
    return escape_leading_slashes(url)
