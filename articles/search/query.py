"""Reader input parsed once into a `ParsedQuery`, the same grammar as PostgreSQL's
`websearch_to_tsquery` (words, quoted phrases, `-excluded` words, `or` alternatives),
and the text rules both databases share: Zawgyi converted to Unicode, Burmese split
into syllables, half-typed English words and the stems they may stand for. Operators
a reader might type (`&`, `|`, `!`, `:*`, parentheses, stray quotes) are never passed
through as syntax, so no input can raise."""

import re
from dataclasses import dataclass

from newsroom.text import MYANMAR_RUN, is_word_char, nfc
from newsroom.zawgyi import to_unicode

# Longer input is refused (400): nobody types more, and a pasted paragraph of Burmese
# (~2,000 characters without a space) still fits.
MAX_QUERY_LENGTH = 2000
MAX_TERMS = 12
# As-you-type: a half-typed English word may be longer than its word's stem by this
# many letters ("generalizatio" → `general`); shorter candidates than MIN_STEM_LENGTH
# match too much to be worth it.
STEM_CUT = 6
MIN_STEM_LENGTH = 4
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


def search_box_text(raw: str | None) -> str:
    """What was typed into a plain `icontains` search box (the editors' media library
    and gallery pickers): NFC like the stored text, trimmed, without NUL bytes."""
    return nfc(strip_nul(raw)).strip()


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
    "everything except x" is not a search. A query typed in Zawgyi is converted to
    Unicode first, so it finds the stories it names.
    """
    groups: list[list[Term]] = [[]]
    count = 0
    for match in TOKEN.finditer(to_unicode(strip_nul(raw))):
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
