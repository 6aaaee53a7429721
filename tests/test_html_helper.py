"""The element finder that page tests use (tests/html.py)."""

import pytest

from tests.html import parse

PAGE = """<!doctype html><html><body>
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li>
<li><a href="/news/" aria-current="page">News</a></li></ol></nav>
<p class="story-byline">By
<a href="/author/a/" rel="author">A</a>,
<a href="/author/b/" rel="author">B</a> and
<a href="/author/c/" rel="author">C</a><img src="x.png" alt=""><br></p>
<div id="list"><p class="empty card">Nothing</p></div>
</body></html>"""


def test_finds_by_tag_class_id_and_attribute():
    page = parse(PAGE)
    assert page.one(".story-byline").text == "By A, B and C"
    assert [a["href"] for a in page.all("a[rel=author]")] == [
        "/author/a/",
        "/author/b/",
        "/author/c/",
    ]
    assert page.one("#list p.empty.card").text == "Nothing"
    assert page.one("[aria-current=page]").text == "News"
    assert page.one("img").get("alt") == ""


def test_descendant_and_child_combinators():
    page = parse(PAGE)
    assert [a.text for a in page.all("nav.breadcrumbs a")] == ["Home", "News"]
    assert page.all("nav > a") == []
    assert len(page.all("ol > li > a")) == 2
    # Void elements close themselves: what follows the <img> is not inside it.
    assert page.one(".story-byline").all("img > *") == []


def test_one_fails_unless_exactly_one_matches():
    page = parse(PAGE)
    with pytest.raises(AssertionError, match="3 elements match"):
        page.one("a[rel=author]")
    with pytest.raises(AssertionError, match="0 elements match"):
        page.one(".missing")
