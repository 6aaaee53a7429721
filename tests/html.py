"""Find elements in a page the way a reader's browser sees them, for assertions that
survive harmless template edits (line breaks, attribute order, extra wrappers).

    page = parse(response.content.decode())
    byline = page.one(".story-byline")
    assert byline.text == "By Daw Aye and U Min"
    assert [a["href"] for a in byline.all("a[rel=author]")] == [...]

Selectors: tag, `.class`, `#id`, `[attr]`, `[attr=value]` compounds, joined by
descendant (space) or child (`>`) combinators. Nothing more is needed here.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "source", "track", "wbr",
}  # fmt: skip


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)
    parent: "Element | None" = None

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The text inside, with whitespace runs collapsed as a browser shows them (HTML
        whitespace only: a no-break space stays)."""
        return re.sub(r"[ \t\n\r\f]+", " ", self._raw_text()).strip(" ")

    def _raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c._raw_text() for c in self.children)

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def all(self, selector: str) -> list["Element"]:
        """Every element below this one that matches `selector`, in document order."""
        steps = parse_selector(selector)
        return [element for element in self.descendants() if _matches(element, steps, self)]

    def one(self, selector: str) -> "Element":
        """The single element matching `selector`; fails the test if there are 0 or 2+."""
        found = self.all(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}"
        return found[0]

    def first(self, selector: str) -> "Element | None":
        found = self.all(selector)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document")

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag):
        open_element = self.current
        while open_element.parent is not None and open_element.tag != tag:
            open_element = open_element.parent
        if open_element.parent is not None:  # a stray end tag closes nothing
            self.current = open_element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    """The document tree of `html` (a page, a fragment or a response's content)."""
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


COMPOUND = re.compile(
    r"(?P<tag>[a-zA-Z][\w-]*|\*)"
    r"|\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)"
    r"|\[(?P<attr>[\w-]+)(?:=(?P<quote>[\"']?)(?P<value>.*?)(?P=quote))?\]"
)


def _compound(text: str) -> list[tuple[str, str, str | None]]:
    """`a.card-image[rel=author]` → [("tag", "a", None), ("class", …), ("attr", …)]."""
    tests, position = [], 0
    while position < len(text):
        match = COMPOUND.match(text, position)
        if not match:
            raise ValueError(f"unsupported selector: {text!r}")
        if match["tag"] and match["tag"] != "*":
            tests.append(("tag", match["tag"].lower(), None))
        elif match["cls"]:
            tests.append(("class", match["cls"], None))
        elif match["id"]:
            tests.append(("attr", "id", match["id"]))
        elif match["attr"]:
            tests.append(("attr", match["attr"], match["value"]))
        position = match.end()
    return tests


def parse_selector(selector: str) -> list[tuple[str, list]]:
    """[(combinator, compound), …] read left to right; the first combinator is " "."""
    steps, combinator = [], " "
    for token in re.findall(r">|[^\s>]+", selector):
        if token == ">":
            combinator = ">"
            continue
        steps.append((combinator, _compound(token)))
        combinator = " "
    return steps


def _is(element: Element, tests) -> bool:
    for kind, name, value in tests:
        if kind == "tag" and element.tag != name:
            return False
        if kind == "class" and name not in element.classes:
            return False
        if kind == "attr" and (
            name not in element.attrs or (value is not None and element.attrs[name] != value)
        ):
            return False
    return True


def _matches(element: Element, steps, scope: Element) -> bool:
    """Does `element` match the last step, with ancestors (below `scope`) matching the
    earlier ones?"""
    combinator, tests = steps[-1]
    if not _is(element, tests):
        return False
    if len(steps) == 1:
        return True
    ancestor = element.parent
    while ancestor is not None and ancestor is not scope:
        if _matches(ancestor, steps[:-1], scope):
            return True
        if combinator == ">":
            return False
        ancestor = ancestor.parent
    return False
