"""Full-text search over published articles, on PostgreSQL and on SQLite.

The entry to the search wing: everything outside it imports from here. `query` parses
reader input once (both databases share it), `postgres` and `sqlite` match and rank,
`highlight` makes snippets, `indexing` keeps the search data current on save, and
`views` serves the search page and the as-you-type suggestions.

Burmese is written without spaces between words, so Myanmar-script runs are split
into syllables on both sides — in the stored data and in the query — and a Burmese
query word becomes a phrase of syllables: any word or phrase inside a longer run is
found.
"""

from django.db import connection

from articles.search import postgres, sqlite
from articles.search.highlight import highlight, highlight_pattern, snippet
from articles.search.indexing import index_articles, rebuild_index, unindex_article
from articles.search.postgres import planner_hints
from articles.search.query import (
    MAX_QUERY_LENGTH,
    ParsedQuery,
    parse_query,
    segment_myanmar,
    stem_candidates,
    strip_nul,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "ParsedQuery",
    "highlight",
    "highlight_pattern",
    "index_articles",
    "parse_query",
    "planner_hints",
    "rebuild_index",
    "search_articles",
    "segment_myanmar",
    "snippet",
    "stem_candidates",
    "strip_nul",
    "unindex_article",
]


def search_articles(
    queryset,
    parsed: ParsedQuery,
    *,
    prefix_last: bool = False,
    guess_stems: bool = False,
    newest_first: bool = False,
):
    """The matches among `queryset` (already `published()`), best first (or newest).

    `prefix_last` treats the last word as half-typed; `guess_stems` also tries the
    stems it may stand for (see `stem_candidates`). Returns something to count and
    slice — a QuerySet on PostgreSQL, `RankedMatches` on SQLite — whose articles carry
    a `rank`. On PostgreSQL evaluate it inside `planner_hints()`.
    """
    if not parsed:
        return queryset.none()
    backend = postgres if connection.vendor == "postgresql" else sqlite
    return backend.search(
        queryset,
        parsed,
        prefix_last=prefix_last,
        guess_stems=guess_stems,
        newest_first=newest_first,
    )
