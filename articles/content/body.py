"""Split a sanitized article body so the page can insert a block between paragraphs."""

from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _ParagraphEnds(HTMLParser):
    """Record where each top-level `<p>` ends, as (line, column) of its end tag."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.ends: list[tuple[int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(0, self.depth - 1)
        if tag == "p" and self.depth == 0:
            self.ends.append(self.getpos())


def split_after_paragraph(html: str, count: int) -> tuple[str, str]:
    """Return (before, after): `html` cut just after its `count`-th top-level paragraph.

    Paragraphs inside quotes, figures or tables do not count. A body with fewer
    paragraphs is returned whole as `before`, so the inserted block follows it.
    """
    if count < 1:
        return "", html
    parser = _ParagraphEnds()
    parser.feed(html)
    parser.close()
    if len(parser.ends) < count:
        return html, ""
    line, column = parser.ends[count - 1]
    line_starts = [0]
    for index, char in enumerate(html):
        if char == "\n":
            line_starts.append(index + 1)
    end_tag_start = line_starts[line - 1] + column
    cut = html.index(">", end_tag_start) + 1
    return html[:cut], html[cut:]
