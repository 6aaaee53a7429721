"""The site's editions: one per language in `settings.LANGUAGES`.

The default language's edition lives at the site's root (`/news/...`); each other one
under its language code (`/my/news/...`, Django's `i18n_patterns` without a prefix for
the default language). The language of a public page therefore comes from its address
alone, never from a cookie or the browser's Accept-Language, so one cached copy of an
address serves every reader.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


def edition_language() -> str:
    """The active edition's language: the URL's prefix, or the default edition's."""
    active = translation.get_language()
    return active if active in edition_languages() else settings.LANGUAGE_CODE


def edition_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def other_language(language: str) -> str | None:
    """The other edition's language, for a site of two editions (None otherwise)."""
    others = [code for code in edition_languages() if code != language]
    return others[0] if len(others) == 1 else None


def edition_home(language: str) -> str:
    with translation.override(language):
        return reverse("articles:home")


def language_of_path(path_info: str) -> str:
    """The language of the edition an address is in (the page cache keys by it)."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


class EditionLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus `Vary: Accept-Language`; first in MIDDLEWARE,
    as a process keeps the language of the last request it served until it is set.

    With `i18n_patterns(prefix_default_language=False)` it already takes the language
    from the address alone (unprefixed addresses get LANGUAGE_CODE), but it still marks
    unprefixed responses as varying on the browser's language, which would make shared
    caches keep one copy of each English page per Accept-Language header.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
