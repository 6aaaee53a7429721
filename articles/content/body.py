"""HTML helpers for a sanitised article body: a parser that knows where in the source
each tag is (`SourceParser`), and the split that lets the page insert a block between
paragraphs."""

from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class SourceParser(HTMLParser):
    """An `HTMLParser` over `html` that can say where the tag being handled starts
    (`source_position()`) and ends (`tag_end()`), as offsets into `html`, so a caller
    can cut or rewrite the source around it byte for byte."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [i + 1 for i, char in enumerate(html) if char == "\n"]

    def source_position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def tag_end(self) -> int:
        return self.html.index(">", self.source_position()) + 1

    def run(self):
        """Parse the whole source; return the parser, for its findings."""
        self.feed(self.html)
        self.close()
        return self


class _ParagraphEnds(SourceParser):
    """Record where each top-level `<p>` ends: the offset just after its end tag."""

    def __init__(self, html: str):
        super().__init__(html)
        self.depth = 0
        self.ends: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(0, self.depth - 1)
        if tag == "p" and self.depth == 0:
            self.ends.append(self.tag_end())


def split_after_paragraph(html: str, count: int) -> tuple[str, str]:
    """Return (before, after): `html` cut just after its `count`-th top-level paragraph.

    Paragraphs inside quotes, figures or tables do not count. A body with fewer
    paragraphs is returned whole as `before`, so the inserted block follows it.
    """
    if count < 1:
        return "", html
    ends = _ParagraphEnds(html).run().ends
    if len(ends) < count:
        return html, ""
    cut = ends[count - 1]
    return html[:cut], html[cut:]
