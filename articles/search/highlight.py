"""What the results page shows of a match: plain text of the body, a snippet around
the first match, and every match wrapped in `<mark>` after escaping."""

import re
from html import unescape

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.query import ParsedQuery, Term

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
