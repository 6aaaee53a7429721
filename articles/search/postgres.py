"""PostgreSQL: a stored, GIN-indexed `Article.search_vector` made with the
`newsroom_search` configuration (migration 0004): `english` stemming for ASCII words
("protests" finds "protest"), `simple` for other scripts, so Burmese words are never
stemmed. Weights: headline A, standfirst B, tags C, body D. Ranking reads
`Article.rank_vector` (headline, standfirst and tags only): small enough to sit in the
row, whereas the full vector of every match would mean de-TOASTing kilobytes per row.
Body-only matches rank 0 and come newest first."""

from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections, router, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from articles.models import Article
from articles.search.highlight import plain_text
from articles.search.query import ParsedQuery, Term, segment_myanmar, stem_candidates, strip_nul

SEARCH_CONFIG = "newsroom_search"
WEIGHTS = {"headline": "A", "standfirst": "B", "tags": "C", "body": "D"}


def _term_tsquery(term: Term, *, prefix: bool = False, guess_stems: bool = False) -> SearchQuery:
    """Match `term`; Burmese words become phrases of syllables."""
    text = segment_myanmar(term.text)
    if prefix:
        # Letters, marks and digits only, so safe as raw tsquery syntax.
        *leading, last = text.split()
        guesses = stem_candidates(last) if guess_stems else []
        ending = " | ".join([f"{last}:*", *guesses])
        raw = " <-> ".join([*leading, f"({ending})"])
        return SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="phrase", invert=term.negated)


def build_tsquery(
    parsed: ParsedQuery, *, prefix_last: bool = False, guess_stems: bool = False
) -> SearchQuery:
    """The whole parsed query as one tsquery expression (`prefix_last` for as-you-type,
    `guess_stems` to also try the stems a half-typed last word may stand for)."""
    alternatives = []
    for group in parsed.groups:
        last_positive = [term for term in group if not term.negated][-1]
        parts = [
            _term_tsquery(
                term, prefix=prefix_last and term is last_positive, guess_stems=guess_stems
            )
            for term in group
        ]
        alternatives.append(reduce(lambda left, right: left & right, parts))
    return reduce(lambda left, right: left | right, alternatives)


def search(
    queryset, parsed: ParsedQuery, *, prefix_last: bool, guess_stems: bool, newest_first: bool
):
    query = build_tsquery(parsed, prefix_last=prefix_last, guess_stems=guess_stems)
    matches = queryset.filter(search_vector=query).annotate(
        rank=Coalesce(SearchRank(F("rank_vector"), query), Value(0.0))
    )
    order = ["-publish_at", "-pk"] if newest_first else ["-rank", "-publish_at", "-pk"]
    return matches.order_by(*order)


@contextmanager
def planner_hints():
    """Run the search queries with sequential scans ruled out (PostgreSQL).

    For a word in half the archive the planner prefers a sequential scan, not knowing
    that testing each row means de-TOASTing and decompressing its stored vector
    (~85 ms for 10,000 articles); the GIN bitmap answers plain words without reading
    the vectors at all (~5 ms). Queries must be evaluated inside the block. The hint is
    set on the database the router reads articles from (a readers' search may read
    from a replica: newsroom/replica.py).
    """
    using = router.db_for_read(Article)
    if connections[using].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def search_vectors_for(article, tag_names: list[str]) -> tuple[SearchVector, SearchVector]:
    """The weighted (full, ranking) vectors for one article, from its current texts."""
    texts = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "tags": " ".join(tag_names),
        "body": plain_text(article.body),
    }
    vectors = {
        name: SearchVector(
            Value(segment_myanmar(strip_nul(text))), config=SEARCH_CONFIG, weight=WEIGHTS[name]
        )
        for name, text in texts.items()
    }
    rank = vectors["headline"] + vectors["standfirst"] + vectors["tags"]
    return rank + vectors["body"], rank


def store_vectors(articles, tags: dict[int, list[str]]) -> None:
    """Write fresh vectors for `articles` (`tags`: article id → tag names)."""
    for article in articles:
        article.search_vector, article.rank_vector = search_vectors_for(
            article, tags.get(article.pk, [])
        )
    Article.objects.bulk_update(articles, ["search_vector", "rank_vector"], batch_size=250)
