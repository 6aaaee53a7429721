"""Comment text reaches readers as text: escaped, links clickable, line breaks kept."""

from comments.rendering import comment_html, links_in


def test_markup_is_shown_as_text():
    html = comment_html('<script>alert("x")</script> <b onclick="y">bold</b> &amp;')
    assert "<script>" not in html and "<b" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp;amp;" in html


def test_web_addresses_become_links_for_nobody_to_trust():
    html = comment_html("See https://example.org/a?b=1&c=2, and http://example.net.")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a>, and "
    ) in html
    # The full stop ends the sentence, not the address.
    assert (
        '<a href="http://example.net" rel="nofollow ugc noopener">http://example.net</a>.' in html
    )


def test_only_web_addresses_are_linked_and_none_can_break_out_of_the_attribute():
    html = comment_html('javascript:alert(1) www.example.org https://x.org/"onmouseover="alert(1)')
    assert html.count("<a ") == 1
    assert 'href="https://x.org/"' in html
    assert 'onmouseover="' not in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_line_breaks_and_paragraphs_are_kept():
    html = comment_html("  First line\r\nsecond line\n\n\nNew paragraph  \n")
    assert html == "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>"


def test_links_are_counted_as_they_would_be_linked():
    assert links_in("a http://one.org b https://two.org/x. c www.three.org") == [
        "http://one.org",
        "https://two.org/x",
    ]
