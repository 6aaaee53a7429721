"""Links between the editions: the header's edition link, a story's link to its
counterpart, and the `hreflang` alternates search engines read.

A page points readers at the same page in the other edition when there is one — a
story's published counterpart, the same section, tag or author page, the home page —
and at the other edition's home otherwise. Search engines get the same pairs as
`<link rel="alternate" hreflang>` in the head, with `x-default` naming the default
language's page (the sitemap lists stories' pairs too: articles/seo/sitemaps.py).
A counterpart that `published()` does not return is never linked
(`ArticleQuerySet.with_counterpart`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from newsroom.editions import edition_home, edition_language, edition_languages, other_language
from newsroom.site import absolute_url

# Each edition's name in its own language, as its readers look for it in a header.
EDITION_NAMES = {"en": "English", "my": "မြန်မာ"}


def edition_name(language: str) -> str:
    return EDITION_NAMES.get(language) or translation.get_language_info(language)["name_local"]


@dataclass(frozen=True)
class EditionLink:
    """A link to a page of the edition in `language` (a site-relative `url`)."""

    language: str
    url: str

    @property
    def label(self) -> str:
        return edition_name(self.language)

    @property
    def invitation(self) -> str:
        """ "Read this story in English", in the language it invites to."""
        with translation.override(self.language):
            return gettext("Read this story in %(language)s") % {"language": self.label}


@dataclass(frozen=True)
class Alternate:
    """One `<link rel="alternate" hreflang>`: a language code or `x-default`."""

    hreflang: str
    url: str


def other_edition_home() -> EditionLink | None:
    """The header's link on pages no other edition has: the other edition's home."""
    other = other_language(edition_language())
    return EditionLink(other, edition_home(other)) if other else None


def alternates(urls: dict[str, str]) -> list[Alternate]:
    """Alternates for one page's versions (language → site-relative URL), with the
    default language's version as `x-default`; none for a page in one edition only."""
    if len(urls) < 2:
        return []
    found = [Alternate(language, absolute_url(url)) for language, url in urls.items()]
    if settings.LANGUAGE_CODE in urls:
        found.append(Alternate("x-default", absolute_url(urls[settings.LANGUAGE_CODE])))
    return found


def same_page_in_each_edition(url_in: Callable[[str], str]) -> dict:
    """Context for a page every edition has (home, section, tag, author), given its
    URL in an edition's language: the header's link and the alternates."""
    urls = {language: url_in(language) for language in edition_languages()}
    other = other_language(edition_language())
    return {
        "edition_link": EditionLink(other, urls[other]) if other else None,
        "alternates": alternates(urls),
    }


def url_in_edition(view_name: str, language: str, **kwargs) -> str:
    """`reverse(view_name, kwargs=kwargs)` in the edition of `language`."""
    with translation.override(language):
        return reverse(view_name, kwargs=kwargs)


def story_alternates(article) -> list[Alternate]:
    """A story and its published counterpart as alternates (none without one).
    `article` comes from `with_counterpart()`."""
    counterpart = article.public_counterpart
    if counterpart is None:
        return []
    return alternates(
        {article.language: article.get_absolute_url(), counterpart.language: counterpart.url}
    )


def story_links(article) -> dict:
    """Context for a story's page: with a published counterpart, a link to it (in
    the page and in the header) and the pair as alternates; else the other edition's
    home in the header. `article` comes from `with_counterpart()`."""
    counterpart = article.public_counterpart
    if counterpart is None:
        return {"edition_link": other_edition_home(), "counterpart_link": None, "alternates": []}
    link = EditionLink(counterpart.language, counterpart.url)
    return {"edition_link": link, "counterpart_link": link, "alternates": story_alternates(article)}
