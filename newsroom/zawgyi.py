"""Zawgyi, the font encoding many phones in Myanmar still type in, found and converted
to Unicode before text is stored or searched.

Zawgyi reuses the Myanmar block's code points for other shapes (U+1031 "ေ" typed
before the consonant, medials and stacked letters at code points of their own), so a
Zawgyi string is valid Unicode text that reads as nonsense and never matches a search.
Google's myanmartools scores how likely a string is Zawgyi; its authors recommend
converting automatically only above 0.95, which wrongly flags fewer than 1% of
Unicode strings. Short strings are the hard case (a few syllables may be the same in
both encodings), so a string with only a few Myanmar letters must score higher still.
The conversion is python-myanmar's syllable-by-syllable converter (MIT), then the few
fixes it misses and NFC, the form every stored text uses.
"""

import re
import warnings
from functools import cache

from myanmar import converter
from myanmartools import ZawgyiDetector

from newsroom.text import MYANMAR_CHAR, nfc

THRESHOLD = 0.95
SHORT_THRESHOLD = 0.999
SHORT_LENGTH = 12
# python-myanmar writes vowel sign U before vowel sign I ("ရှုိ့"); Unicode spells the
# syllable I then U ("ရှို့"), which is how it is typed and searched for.
U_BEFORE_I = re.compile("([\u102f\u1030])(\u102d)")
# Zawgyi has two shapes of stacked ta (U+1071, and U+1072 for under a wide letter, as
# in "မႏၲေလး"); python-myanmar knows only the first.
STACKED_TA_VARIANT = str.maketrans({"\u1072": "\u1071"})
HTML_TAG = re.compile(r"(<[^>]*>)")


@cache
def detector() -> ZawgyiDetector:
    with warnings.catch_warnings():
        # myanmartools 1.2.1 loads its model with a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def is_zawgyi(text: str) -> bool:
    """Whether `text` is Zawgyi with enough confidence to convert it unasked."""
    myanmar_letters = len(MYANMAR_CHAR.findall(text or ""))
    if not myanmar_letters:
        return False
    threshold = SHORT_THRESHOLD if myanmar_letters <= SHORT_LENGTH else THRESHOLD
    return detector().get_zawgyi_probability(text) > threshold


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi `text` to NFC Unicode, whatever its score (callers detect)."""
    converted = converter.convert(text.translate(STACKED_TA_VARIANT), "zawgyi", "unicode")
    return nfc(U_BEFORE_I.sub(r"\2\1", converted))


def to_unicode(text: str) -> str:
    """`text` converted to Unicode if it is Zawgyi, else unchanged."""
    return zawgyi_to_unicode(text) if is_zawgyi(text) else text


def html_to_unicode(html: str) -> str:
    """HTML whose text is Zawgyi with its text nodes converted and its markup kept.

    The whole text is scored at once (a lone word in a link is too short to judge)."""
    pieces = HTML_TAG.split(html or "")
    text = " ".join(pieces[0::2])
    if not is_zawgyi(text):
        return html
    return "".join(
        piece if index % 2 else zawgyi_to_unicode(piece) for index, piece in enumerate(pieces)
    )
