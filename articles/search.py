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

SQLite (the embedded default) uses the same parsed query with `icontains` matching
and a weighted score, so the page and its filters behave the same.
"""

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer input is refused (400): nobody types more, and a pasted paragraph of Burmese
# (~2,000 characters without a space) still fits.
MAX_QUERY_LENGTH = 2000
MAX_TERMS = 12
SEARCH_CONFIG = "newsroom_search"
WEIGHTS = {"headline": "A", "standfirst": "B", "tags": "C", "body": "D"}

MYANMAR_RUN = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]+")
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


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "M", "N"}


def words_of(text: str) -> list[str]:
    """Lower-cased runs of letters, marks and digits (any script)."""
    pieces = "".join(char if _is_word_char(char) else " " for char in text.lower())
    return pieces.split()


def segment_myanmar(text: str) -> str:
    """Put a space between the syllables of every Myanmar-script run in `text`."""
    text = MYANMAR_PUNCTUATION.sub(" ", text)
    return MYANMAR_RUN.sub(
        lambda run: MYANMAR_SYLLABLE_START.sub(r" \g<0>", run.group()).strip(), text
    )


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


def _term_tsquery(term: Term, *, prefix: bool = False) -> SearchQuery:
    """Match `term`; Burmese words become phrases of syllables."""
    text = segment_myanmar(term.text)
    if prefix:
        # Letters, marks and digits only, so safe as raw tsquery syntax.
        raw = " <-> ".join(text.split()) + ":*"
        return SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="phrase", invert=term.negated)


def build_tsquery(parsed: ParsedQuery, *, prefix_last: bool = False) -> SearchQuery:
    """The whole parsed query as one tsquery expression (`prefix_last` for as-you-type)."""
    alternatives = []
    for group in parsed.groups:
        last_positive = [term for term in group if not term.negated][-1]
        parts = [
            _term_tsquery(term, prefix=prefix_last and term is last_positive) for term in group
        ]
        alternatives.append(reduce(lambda left, right: left & right, parts))
    return reduce(lambda left, right: left | right, alternatives)


def _postgres_search(queryset, parsed: ParsedQuery, *, prefix_last: bool):
    query = build_tsquery(parsed, prefix_last=prefix_last)
    return queryset.filter(search_vector=query).annotate(
        rank=Coalesce(SearchRank(F("rank_vector"), query), Value(0.0))
    )


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
    """Store fresh search vectors for `articles` (no-op on databases without them)."""
    from articles.models import Article, TaggedArticle

    if connection.vendor != "postgresql":
        return
    articles = list(articles)
    tags: dict[int, list[str]] = {}
    rows = TaggedArticle.objects.filter(content_object__in=[a.pk for a in articles])
    for article_id, name in rows.values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    for article in articles:
        article.search_vector, article.rank_vector = search_vectors_for(
            article, tags.get(article.pk, [])
        )
    Article.objects.bulk_update(articles, ["search_vector", "rank_vector"], batch_size=250)


def rebuild_index(*, batch_size: int = 500) -> int:
    """Recompute every article's vector (after bulk imports or a weighting change)."""
    from articles.models import Article

    if connection.vendor != "postgresql":
        return 0
    done = 0
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = Article.objects.filter(pk__in=ids[start : start + batch_size]).defer(
            "search_vector", "rank_vector"
        )
        index_articles(batch)
        done += len(ids[start : start + batch_size])
    return done


# --- SQLite and other databases ---------------------------------------------

FALLBACK_SCORES = {"headline": 8, "standfirst": 4, "tags": 2, "body": 1}


def _term_condition(term: Term, field: str) -> Q:
    from articles.models import TaggedArticle

    if field == "tags":
        tagged = TaggedArticle.objects.filter(tag__name__icontains=term.text)
        return Q(pk__in=tagged.values("content_object_id"))
    if field == "body":
        # The body is HTML: skip matches inside a tag (<strong>, href=…) or an entity,
        # and let a phrase run across tags and entities between its words.
        between = r"(?:[\W_]|<[^<>]*>|&#?\w+;)+"
        words = between.join(re.escape(word) for word in term.words)
        return Q(body__iregex=rf"(?<!&){words}(?![^<>]*>)")
    return Q(**{f"{field}__icontains": term.text})


def _fallback_search(queryset, parsed: ParsedQuery):
    alternatives = []
    for group in parsed.groups:
        condition = Q()
        for term in group:
            anywhere = reduce(
                lambda left, right: left | right,
                (_term_condition(term, field) for field in FALLBACK_SCORES),
            )
            condition &= ~anywhere if term.negated else anywhere
        alternatives.append(condition)
    scores = [
        Case(When(_term_condition(term, field), then=Value(score)), default=Value(0))
        for term in parsed.positive_terms
        for field, score in FALLBACK_SCORES.items()
    ]
    rank = reduce(lambda left, right: left + right, scores)
    matching = reduce(lambda left, right: left | right, alternatives)
    return queryset.filter(matching).annotate(rank=Greatest(rank, Value(0)))


# --- Shared -----------------------------------------------------------------


def search_articles(queryset, parsed: ParsedQuery, *, prefix_last: bool = False):
    """Filter `queryset` (already `published()`) to matches, annotated with `rank`."""
    if not parsed:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, parsed, prefix_last=prefix_last)
    return _fallback_search(queryset, parsed)


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
