"""Templates read as markup, one tag or one piece of logic per line."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MAX_LINE = 160
# A sentence for translators stays whole on its line: splitting it would split the
# message id. Its text does not count towards the line's length.
TRANSLATABLE = re.compile(
    r"({% blocktranslate[^%]*%}).*?({% endblocktranslate %})"
    r"|({% translate )(\"[^\"]*\"|'[^']*')"
)


def without_sentences(line: str) -> str:
    return TRANSLATABLE.sub(lambda m: (m[1] or m[3]) + "…" + (m[2] or ""), line)


def test_no_template_line_is_longer_than_160_characters():
    long_lines = [
        f"{path.relative_to(TEMPLATES)}:{number}: {len(line)} characters"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(without_sentences(line)) > MAX_LINE
    ]
    assert not long_lines


def test_a_translatable_sentence_does_not_count_but_the_markup_around_it_does():
    sentence = "{% translate '" + "word " * 40 + "' %}"
    assert len(without_sentences(f"<p>{sentence}</p>")) < 40
    assert len(without_sentences(f"<p class='{'x' * 160}'>{sentence}</p>")) > MAX_LINE
