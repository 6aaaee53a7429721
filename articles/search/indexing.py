"""Keeping the search data current: on PostgreSQL the vectors stored on each article,
on SQLite the FTS5 rows. Called on save, on tag changes and by `rebuild_search_index`."""

from django.db import connection

from articles.models import Article, TaggedArticle
from articles.search import postgres, sqlite


def index_articles(articles) -> None:
    """Store fresh search data for `articles`: vectors on PostgreSQL, FTS5 rows on SQLite."""
    articles = list(articles)
    tags: dict[int, list[str]] = {}
    rows = TaggedArticle.objects.filter(content_object__in=[a.pk for a in articles])
    for article_id, name in rows.values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    if connection.vendor == "sqlite":
        sqlite.store_rows(articles, tags)
    else:
        postgres.store_vectors(articles, tags)


def rebuild_index(*, batch_size: int = 500) -> int:
    """Recompute every article's search data (after bulk imports or a weighting change)."""
    done = 0
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = Article.objects.filter(pk__in=ids[start : start + batch_size]).defer(
            "search_vector", "rank_vector"
        )
        index_articles(batch)
        done += len(ids[start : start + batch_size])
    return done


def unindex_article(article_id: int) -> None:
    """Forget a deleted article (PostgreSQL's vector goes with the row)."""
    if connection.vendor == "sqlite":
        sqlite.unindex_article(article_id)
