"""301s from an article's old URLs after its slug or primary section changes.

Every URL an article has answered at is kept in `ArticleRedirect` (decoded, as in
`request.path`); a 404 under one of them becomes a 301 to the article's current URL
(see `articles.seo.middleware`). Renaming or moving a section moves the URLs of every
article filed under it, so those are recorded too.

Why two redirect systems
------------------------
Editors' redirects (any old path to any target, even another site) are
`django.contrib.redirects` rows, edited in Admin › Redirects. The automatic ones are
not stored there because they point at an article, not at a path: the target is the
article's URL at the time of the request, so an article moved three times sends each
old URL straight to the current one without rewriting rows; the redirect answers only
while the article is published; and deleting the article deletes them. A contrib row
holds a fixed `new_path` and could do none of this, and machine-made rows would crowd
the editors' list. Both are 404 fallbacks; the article one is asked first (it is
last in MIDDLEWARE, and response middleware runs bottom-up), then the editors', then
flat pages. A live page always wins over both.
"""

from urllib.parse import unquote

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Article, ArticleRedirect
from newsroom.editions import edition_home, language_of_path
from newsroom.page_urls import page_url
from sections.models import Section


def article_path(section_path: str, slug: str) -> str:
    """The decoded URL path of an article without any edition's prefix, as
    `request.path` spells it in the default edition (`edition_free_path`)."""
    return unquote(page_url(f"{section_path}/{slug}", language=settings.LANGUAGE_CODE))


def edition_free_path(path: str) -> str:
    """`path` without its edition's prefix (`/my/news/x/` → `/news/x/`): an old
    address redirects in every edition, to the story's own."""
    language = language_of_path(path)
    if language == settings.LANGUAGE_CODE:
        return path
    with translation.override(language):
        edition_root = reverse("articles:home")
    default_root = edition_home(settings.LANGUAGE_CODE)
    return default_root + path.removeprefix(edition_root) if path.startswith(edition_root) else path


def remember_old_path(article: Article) -> None:
    """Before a save: note the URL the stored row answers at, if any."""
    article._old_path = None
    if article.pk is None:
        return
    stored = (
        Article.objects.filter(pk=article.pk).values_list("primary_section__path", "slug").first()
    )
    if stored is not None:
        article._old_path = article_path(*stored)


def record_moved_path(article: Article) -> None:
    """After a save: if the URL changed, the old one now redirects here."""
    old_path = getattr(article, "_old_path", None)
    new_path = article_path(article.primary_section.path, article.slug)
    if old_path and old_path != new_path:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})
    # The current URL must never redirect (the article moved back, or another took it).
    ArticleRedirect.objects.filter(old_path=new_path).delete()


def remember_old_section_path(section: Section) -> None:
    section._old_path = (
        Section.objects.filter(pk=section.pk).values_list("path", flat=True).first()
        if section.pk
        else None
    )


def record_moved_section(section: Section) -> None:
    """After a section's path changed: its articles' old URLs redirect to the new ones.

    Sub-sections are saved one by one after their parent, so each records its own.
    """
    old = getattr(section, "_old_path", None)
    if not old or old == section.path:
        return
    articles = list(Article.objects.filter(primary_section=section).only("pk", "slug"))
    moves = {article_path(old, article.slug): article for article in articles}
    ArticleRedirect.objects.filter(old_path__in=moves).delete()
    ArticleRedirect.objects.bulk_create(
        [ArticleRedirect(old_path=path, article=article) for path, article in moves.items()]
    )
    current = [article_path(section.path, article.slug) for article in articles]
    ArticleRedirect.objects.filter(old_path__in=current).delete()


def redirect_target(path: str) -> str | None:
    """The current URL of the published article that used to live at `path` (in
    any edition)."""
    redirect = (
        ArticleRedirect.objects.filter(
            old_path=edition_free_path(path), article__in=Article.objects.published()
        )
        .select_related("article__primary_section")
        .first()
    )
    return redirect.article.get_absolute_url() if redirect else None
