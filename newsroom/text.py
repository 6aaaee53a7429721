"""Text rules shared by every app: Unicode normalisation, slugs and digits.

Burmese is a first-class language here. Django's `slugify` drops Myanmar vowel signs
and virama (they are combining marks, not letters) and `<slug:>` only matches ASCII,
so Newsroom keeps its own rule: a slug keeps every letter, mark and digit of any
script, lower-cased and NFC-normalised, with runs of anything else turned into one
hyphen. "မြန်မာ သတင်း" becomes "မြန်မာ-သတင်း"; "Junta Watch!" becomes "junta-watch".

The Myanmar script's code points and what counts as a word character are defined here
once; reading time, search and the `lang="my"` hint import them.
"""

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SLUG_MAX_LENGTH = 200

# Myanmar (U+1000–U+109F), Myanmar Extended-A and Extended-B: the letters, signs,
# digits and punctuation of Burmese, Shan, Mon, Karen and other languages of Myanmar.
MYANMAR_CODE_POINTS = "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
MYANMAR_CHAR = re.compile(f"[{MYANMAR_CODE_POINTS}]")
MYANMAR_RUN = re.compile(f"[{MYANMAR_CODE_POINTS}]+")

# The digits readers of each edition expect, where they differ from 0–9.
NATIVE_DIGITS = {"my": str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")}


def nfc(value: str | None) -> str:
    """Return `value` NFC-normalised (composed), the form every stored text uses."""
    return unicodedata.normalize("NFC", value or "")


def local_digits(text: str, language: str | None = None) -> str:
    """`text` with its digits 0–9 in the script of `language` (the active language by
    default): "12 December 2026" becomes "၁၂ December ၂၀၂၆" in Burmese and stays as it
    is in English.

    For text a reader reads (dates, counts, page numbers), never for markup, addresses,
    attribute values, feeds or e-mail headers, whose digits machines read.
    """
    digits = NATIVE_DIGITS.get(language or get_language())
    return text.translate(digits) if digits else text


def is_word_char(char: str) -> bool:
    """A letter, mark or digit of any script: what slugs keep and search words are made
    of. Myanmar vowel signs and virama are marks, so Burmese words stay whole."""
    return unicodedata.category(char)[0] in {"L", "M", "N"}


def slugify(value: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Make a URL slug that keeps every letter, mark and digit of any script."""
    text = nfc(value).lower()
    pieces = []
    for char in text:
        pieces.append(char if is_word_char(char) else "-")
    slug = re.sub(r"-{2,}", "-", "".join(pieces)).strip("-")
    return slug[:max_length].rstrip("-")


def slug_for(name: str, *, prefix: str) -> str:
    """`slugify(name)`, or for a name with no letter or digit ("!!!", "—", ">") `prefix`
    and a short digest of the name: the same name always gets the same slug, different
    names get different ones, and no object is ever left with an empty slug (which no
    URL can be made from)."""
    slug = slugify(name)
    if slug:
        return slug
    digest = hashlib.blake2s(nfc(name).encode(), digest_size=4).hexdigest()
    return f"{prefix}-{digest}"


def validate_slug(value: str) -> None:
    """Accept only what `slugify` could have produced."""
    if not value or value != nfc(value) or value != value.lower():
        raise ValidationError(_("Use lower-case letters, digits and hyphens."), code="invalid")
    if value.startswith("-") or value.endswith("-") or "--" in value:
        raise ValidationError(
            _("A slug cannot start or end with a hyphen or contain two in a row."),
            code="invalid",
        )
    if not all(char == "-" or is_word_char(char) for char in value):
        raise ValidationError(
            _("Use letters, marks and digits of any script, separated by hyphens."),
            code="invalid",
        )


class SlugConverter:
    """URL converter for `slugify` slugs: any non-empty run without a slash.

    The view then looks the slug up, so anything that is not a real slug is a 404.
    """

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return nfc(value)

    def to_url(self, value: str) -> str:
        return value
