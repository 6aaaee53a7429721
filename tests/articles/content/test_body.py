from articles.content.body import split_after_paragraph


def test_cuts_after_the_nth_top_level_paragraph():
    html = "<p>One</p>\n<p>Two</p>\n<p>Three</p>\n<p>Four</p>"
    before, after = split_after_paragraph(html, 3)
    assert before == "<p>One</p>\n<p>Two</p>\n<p>Three</p>"
    assert after == "\n<p>Four</p>"


def test_paragraphs_inside_quotes_and_figures_do_not_count():
    html = (
        "<p>One</p><blockquote><p>Quoted</p><p>Still quoted</p></blockquote>"
        "<figure><img src='a.png' alt=''><figcaption>x</figcaption></figure><p>Two</p><p>Three</p>"
    )
    before, after = split_after_paragraph(html, 2)
    assert before.endswith("<p>Two</p>")
    assert after == "<p>Three</p>"


def test_short_body_is_kept_whole_before_the_block():
    assert split_after_paragraph("<p>Only</p>", 3) == ("<p>Only</p>", "")
    assert split_after_paragraph("", 3) == ("", "")


def test_myanmar_text_and_entities_survive_the_cut():
    html = "<p>မြန်မာ &amp; <br>သတင်း</p>\n<p>ဒုတိယ</p>"
    before, after = split_after_paragraph(html, 1)
    assert before + after == html
    assert before == "<p>မြန်မာ &amp; <br>သတင်း</p>"
