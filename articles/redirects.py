"""301s from an article's old URLs after its slug or primary section changes.

Every URL an article has answered at is kept in `ArticleRedirect`; a 404 under one of
them becomes a 301 to the article's current URL (see `articles.middleware`). Manual
redirects for anything else are django.contrib.redirects' job.
"""

from articles.models import Article, ArticleRedirect


def remember_old_path(article: Article) -> None:
    """Before a save: note the URL the stored row answers at, if any."""
    article._old_path = None
    if article.pk is None:
        return
    stored = (
        Article.objects.filter(pk=article.pk)
        .select_related("primary_section")
        .only("slug", "primary_section__path")
        .first()
    )
    if stored is not None:
        article._old_path = stored.get_absolute_url()


def record_moved_path(article: Article) -> None:
    """After a save: if the URL changed, the old one now redirects here."""
    old_path = getattr(article, "_old_path", None)
    new_path = article.get_absolute_url()
    if old_path and old_path != new_path:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})
    # The current URL must never redirect (the article moved back, or another took it).
    ArticleRedirect.objects.filter(old_path=new_path).delete()


def redirect_target(path: str) -> str | None:
    """The current URL of the published article that used to live at `path`."""
    redirect = (
        ArticleRedirect.objects.filter(old_path=path, article__in=Article.objects.published())
        .select_related("article__primary_section")
        .first()
    )
    return redirect.article.get_absolute_url() if redirect else None
