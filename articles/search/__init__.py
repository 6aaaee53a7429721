"""Full-text search over published articles, on PostgreSQL and on SQLite.

Reader input is parsed here, once, into a `ParsedQuery` (words, quoted phrases,
`-excluded` words and `or` alternatives, the same grammar as PostgreSQL's
`websearch_to_tsquery`). Operators a reader might type (`&`, `|`, `!`, `:*`,
parentheses, stray quotes) are never passed through as syntax, so no input can raise.

PostgreSQL keeps a stored, GIN-indexed `Article.search_vector`, rebuilt on save, made
with the `newsroom_search` configuration (migration 0004): `english` stemming for
ASCII words ("protests" finds "protest"), `simple` for words in other scripts, so
Burmese words are never stemmed. Weights: headline A, standfirst B, tags C, body D.
Burmese is written without spaces between words, so Myanmar-script runs are split
into syllables on both sides — in the stored vector and in the query — and a Burmese
query word becomes a phrase of syllables: any word or phrase inside a longer run is
found.

Ranking reads `Article.rank_vector` (headline, standfirst and tags only): it is small
enough to sit in the table row, whereas reading the full vector of every match would
mean de-TOASTing kilobytes per row. Body-only matches rank 0 and come newest first.

SQLite (the embedded default) keeps the same texts, Burmese split into syllables,
in an FTS5 table (migration 0005) with Porter stemming and Myanmar marks counted as
word characters, and ranks with bm25() under the same column weights (see
`RankedMatches`), so the page, its filters and the suggestions behave the same.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, TaggedArticle
from newsroom.text import MYANMAR_RUN, is_word_char

# Longer input is refused (400): nobody types more, and a pasted paragraph of Burmese
# (~2,000 characters without a space) still fits.
MAX_QUERY_LENGTH = 2000
MAX_TERMS = 12
# As-you-type: a half-typed English word may be longer than its word's stem by this
# many letters ("generalizatio" → `general`); shorter candidates than MIN_STEM_LENGTH
# match too much to be worth it.
STEM_CUT = 6
MIN_STEM_LENGTH = 4
SEARCH_CONFIG = "newsroom_search"
WEIGHTS = {"headline": "A", "standfirst": "B", "tags": "C", "body": "D"}

# A syllable starts at a consonant (or independent vowel, digit, symbol) that is not
# stacked under the previous one (U+1039) and not killed by asat (U+103A) or stacked
# itself. After Ye Kyaw Thu's "sylbreak" rule.
MYANMAR_SYLLABLE_START = re.compile(
    r"(?<!\u1039)[\u1000-\u102a\u103f\u1040-\u1049\u104c-\u104f](?![\u103a\u1039])"
)
MYANMAR_PUNCTUATION = re.compile(r"[\u104a\u104b]")


def strip_nul(text: str) -> str:
    """PostgreSQL refuses NUL bytes in text parameters; readers never mean them."""
    return (text or "").replace("\x00", "")


def words_of(text: str) -> list[str]:
    """Lower-cased runs of letters, marks and digits (any script)."""
    pieces = "".join(char if is_word_char(char) else " " for char in text.lower())
    return pieces.split()


def segment_myanmar(text: str) -> str:
    """Put a space between the syllables of every Myanmar-script run in `text`."""
    text = MYANMAR_PUNCTUATION.sub(" ", text)
    return MYANMAR_RUN.sub(
        lambda run: MYANMAR_SYLLABLE_START.sub(r" \g<0>", run.group()).strip(), text
    )


def stem_candidates(partial: str) -> list[str]:
    """Whole words that a half-typed English word's stem may be, for as-you-type search.

    Both databases index stems ("elections" as `elect`) and match a prefix against
    them, so "electio" would find nothing although "elect" and "election" do. Stemmers
    drop at most a few letters, so the stem of a word beginning with `partial` is
    `partial` itself (a prefix match) or `partial` less up to `STEM_CUT` letters. The
    candidates also match unrelated words ("stateme" → `state`), so they are a second
    try, for when the prefix alone finds nothing. Other scripts are not stemmed.
    """
    if not (partial.isascii() and partial.isalpha()):
        return []
    shortest = max(MIN_STEM_LENGTH, len(partial) - STEM_CUT)
    return [partial[:length] for length in range(len(partial) - 1, shortest - 1, -1)]


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, or several words that must appear in order."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (`or`) of terms that must all match (minus negated ones)."""

    groups: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.positive_terms)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group if not term.negated]


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(raw: str) -> ParsedQuery:
    """Parse reader input the way `websearch_to_tsquery` does, without ever failing.

    `"a b"` is a phrase, `-word` excludes, `or` (or `|`) separates alternatives; every
    other symbol only separates words. A group with nothing positive is dropped, since
    "everything except x" is not a search.
    """
    groups: list[list[Term]] = [[]]
    count = 0
    for match in TOKEN.finditer(strip_nul(raw)):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() in {"or", "|"}:
            groups.append([])
            continue
        negated = bool(minus) if bare is None else bare.startswith("-") and len(bare) > 1
        words = tuple(words_of(phrase if phrase is not None else bare))
        if words and count < MAX_TERMS:
            groups[-1].append(Term(words=words, negated=negated))
            count += 1
    kept = tuple(tuple(g) for g in groups if any(not term.negated for term in g))
    return ParsedQuery(groups=kept)


# --- PostgreSQL -------------------------------------------------------------


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


def _postgres_search(
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
    the vectors at all (~5 ms). Queries must be evaluated inside the block.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
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


def index_articles(articles) -> None:
    """Store fresh search data for `articles`: vectors on PostgreSQL, FTS5 rows on SQLite."""
    articles = list(articles)
    tags: dict[int, list[str]] = {}
    rows = TaggedArticle.objects.filter(content_object__in=[a.pk for a in articles])
    for article_id, name in rows.values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            ids = [(article.pk,) for article in articles]
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", ids)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, headline, standfirst, tags, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                _fts_rows(articles, tags),
            )
        return
    for article in articles:
        article.search_vector, article.rank_vector = search_vectors_for(
            article, tags.get(article.pk, [])
        )
    Article.objects.bulk_update(articles, ["search_vector", "rank_vector"], batch_size=250)


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


# --- SQLite -----------------------------------------------------------------

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


def _sqlite_search(
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


def unindex_article(article_id: int) -> None:
    """Forget a deleted article (PostgreSQL's vector goes with the row)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])


# --- Shared -----------------------------------------------------------------


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
    search = _postgres_search if connection.vendor == "postgresql" else _sqlite_search
    return search(
        queryset,
        parsed,
        prefix_last=prefix_last,
        guess_stems=guess_stems,
        newest_first=newest_first,
    )


SNIPPET_CHARS = 260
LIGHT_SUFFIXES = ("ing", "ed", "es", "s")


def _term_pattern(term: Term) -> str:
    """A regex for how `term` may appear in text: stems grow, phrases span spaces."""
    parts = []
    for word in term.words:
        if word.isascii() and len(word) > 4:
            for suffix in LIGHT_SUFFIXES:
                if word.endswith(suffix):
                    word = word[: -len(suffix)]
                    break
            parts.append(re.escape(word) + r"\w*")
        else:
            parts.append(re.escape(word))
    return r"[\W_]+".join(parts)


def highlight_pattern(parsed: ParsedQuery) -> re.Pattern | None:
    patterns = sorted({_term_pattern(t) for t in parsed.positive_terms}, key=len, reverse=True)
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """Escape `text`, then wrap each match of `pattern` in `<mark>`."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


BLOCK_TAG = re.compile(
    r"</?(?:p|div|h\d|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|br|hr)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """Text of sanitised HTML, quickly (the body passed nh3 on save: no scripts or
    comments). Block tags separate words; inline tags (<strong>) do not."""
    return unescape(TAG.sub("", BLOCK_TAG.sub(" ", html)))


def snippet(article, pattern: re.Pattern | None) -> SafeString:
    """A short passage of standfirst + body around the first match, highlighted."""
    text = " ".join(f"{article.standfirst} {plain_text(article.body)}".split())
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, match.start() - SNIPPET_CHARS // 3) + 1
    end = start + SNIPPET_CHARS
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    passage = highlight(text[start:end], pattern)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(f"{before}{passage}{after}")  # passage is escaped
