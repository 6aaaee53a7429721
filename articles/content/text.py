"""Derived text measures for articles."""

from django.utils.html import strip_tags

from newsroom.text import MYANMAR_CHAR

# Myanmar script is written without spaces between words, so counting words by
# whitespace would call a 2,000-word Burmese story a one-minute read. Count its
# characters instead: about six Myanmar code points make a word on average.
MYANMAR_CHARS_PER_WORD = 6
WORDS_PER_MINUTE = 220


def word_count(html: str) -> int:
    text = strip_tags(html or "")
    myanmar_chars = len(MYANMAR_CHAR.findall(text))
    other_words = len(MYANMAR_CHAR.sub(" ", text).split())
    return other_words + myanmar_chars // MYANMAR_CHARS_PER_WORD


def reading_time_minutes(html: str) -> int:
    """Minutes an average reader needs for the body; at least one."""
    return max(1, round(word_count(html) / WORDS_PER_MINUTE))
