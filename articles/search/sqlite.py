"""SQLite (the embedded default): the same texts, Burmese split into syllables, in an
FTS5 table (migration 0005) with Porter stemming and Myanmar marks counted as word
characters, ranked with bm25() under the same column weights as PostgreSQL (see
`RankedMatches`), so the page, its filters and the suggestions behave the same."""

from django.db import connection

from articles.search.highlight import plain_text
from articles.search.query import ParsedQuery, Term, segment_myanmar, stem_candidates, strip_nul

FTS_TABLE = "articles_search_fts"
# bm25() column weights, in the table's column order: headline, standfirst, tags, body.
FTS_WEIGHTS = "8.0, 4.0, 2.0, 1.0"


def _fts_term(term: Term, *, prefix: bool = False, guess_stems: bool = False) -> str:
    """`term` as an FTS5 phrase. Its words hold only letters, marks and digits, so
    nothing in them is FTS5 syntax; Burmese words become phrases of syllables."""
    text = segment_myanmar(term.text)
    if not prefix:
        return f'"{text}"'
    *leading, last = text.split()
    guesses = stem_candidates(last) if guess_stems else []
    stems = [f'"{" ".join([*leading, stem])}"' for stem in guesses]
    return "(" + " OR ".join([f'"{text}" *', *stems]) + ")"


def build_fts_query(
    parsed: ParsedQuery, *, prefix_last: bool = False, guess_stems: bool = False
) -> str:
    """The parsed query in FTS5 syntax: (a AND b) NOT c, alternatives joined by OR."""
    alternatives = []
    for group in parsed.groups:
        positives = [term for term in group if not term.negated]
        expression = " AND ".join(
            _fts_term(term, prefix=prefix_last and term is positives[-1], guess_stems=guess_stems)
            for term in positives
        )
        for term in group:
            if term.negated:
                expression = f"({expression}) NOT {_fts_term(term)}"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def search(
    queryset, parsed: ParsedQuery, *, prefix_last: bool, guess_stems: bool, newest_first: bool
):
    expression = build_fts_query(parsed, prefix_last=prefix_last, guess_stems=guess_stems)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s",
            [expression],
        )
        scores = dict(cursor.fetchall())
    return RankedMatches(queryset.filter(pk__in=scores), scores, newest_first=newest_first)


class RankedMatches:
    """SQLite matches in rank order, fetched a slice at a time (a Paginator accepts it).

    SQLite runs an FTS5 MATCH again for every row when asked to join the index to the
    articles (a second per 10,000 rows), so the scores come in one query, the
    filtered ids and dates in a second, and the order is made here.
    """

    def __init__(self, queryset, scores: dict[int, float], *, newest_first: bool):
        self.queryset = queryset
        self.scores = scores
        rows = queryset.values_list("pk", "publish_at")
        if newest_first:
            ordered = sorted(rows, key=lambda row: (row[1], row[0]), reverse=True)
        else:
            ordered = sorted(rows, key=lambda row: (scores[row[0]], row[1], row[0]), reverse=True)
        self.ids = [pk for pk, _ in ordered]

    def count(self) -> int:
        return len(self.ids)

    __len__ = count

    def __getitem__(self, index: slice) -> list:
        ids = self.ids[index]
        by_id = self.queryset.in_bulk(ids)
        articles = [by_id[pk] for pk in ids]
        for article in articles:
            article.rank = self.scores[article.pk]
        return articles


def _fts_rows(articles, tags: dict[int, list[str]]) -> list[tuple]:
    return [
        (
            article.pk,
            *(
                segment_myanmar(strip_nul(text))
                for text in (
                    article.headline,
                    article.standfirst,
                    " ".join(tags.get(article.pk, [])),
                    plain_text(article.body),
                )
            ),
        )
        for article in articles
    ]


def store_rows(articles, tags: dict[int, list[str]]) -> None:
    """Replace the FTS5 rows of `articles` (`tags`: article id → tag names)."""
    with connection.cursor() as cursor:
        ids = [(article.pk,) for article in articles]
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", ids)
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, standfirst, tags, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            _fts_rows(articles, tags),
        )


def unindex_article(article_id: int) -> None:
    """Forget a deleted article."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])
