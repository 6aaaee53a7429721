"""Readers' comments as plain text on the page: escaped, links made clickable, line
breaks kept. Nothing a reader types ever reaches a page, feed or e-mail as markup.

A link is an `http://` or `https://` address up to the next space or angle bracket,
without the punctuation that usually ends a sentence after it. The same rule counts
links for `COMMENTS_MAX_LINKS`, so the cap counts exactly what would be clickable.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# Closing punctuation after an address belongs to the sentence, not to the link.
TRAILING = ".,;:!?)]}"
LINK_HTML = '<a href="{}" rel="nofollow ugc noopener">{}</a>'
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def links_in(text: str) -> list[str]:
    """The addresses `comment_html` would make clickable."""
    return [match.rstrip(TRAILING) for match in LINK.findall(text)]


def _linked_line(line: str) -> str:
    parts = []
    position = 0
    for match in LINK.finditer(line):
        address = match.group().rstrip(TRAILING)
        parts.append(escape(line[position : match.start()]))
        parts.append(format_html(LINK_HTML, address, address))
        position = match.start() + len(address)
    parts.append(escape(line[position:]))
    return "".join(parts)


def comment_html(text: str) -> SafeString:
    """`text` as HTML paragraphs: a blank line starts a paragraph, a line break is kept
    as `<br>`, every character escaped, http(s) addresses linked with
    `rel="nofollow ugc noopener"`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip("\n") for part in PARAGRAPH_BREAK.split(text) if part.strip()]
    return mark_safe(
        "\n".join(
            "<p>" + "<br>\n".join(_linked_line(line) for line in paragraph.split("\n")) + "</p>"
            for paragraph in paragraphs
        )
    )
