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


ROOT = TEMPLATES.parent
CSS = ROOT / "static" / "css" / "site.css"
JS = ROOT / "static" / "js" / "site.js"
# Classes without a rule that name a component for the tests to find (the byline's
# dates, a widget's kind), or that a template builds from a value (`card-{{ size }}`).
HOOKS = {
    "edition-link", "has-children", "most-read", "recommended", "section-block",
    "story-dates", "story-sections", "story-stats", "newsletter-signup", "newsletter__errors",
    "share-copy", "share-email",
}  # fmt: skip


def template_classes() -> dict[str, str]:
    """Class names written in the reader-facing templates (not admin or e-mail ones)."""
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.relative_to(TEMPLATES).parts[0] in {"admin", "emails"}:
            continue
        source = path.read_text(encoding="utf-8")
        values = re.findall(r'class="([^"]*)"', source)
        values += re.findall(r"{% block body_class %}(.*?){% endblock %}", source)
        for value in values:
            for name in re.sub(r"{%.*?%}|{{.*?}}|\S+-(?={{)", " ", value).split():
                found.setdefault(name, str(path.relative_to(TEMPLATES)))
    return found


def css_classes() -> set[str]:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    return set(re.findall(r"\.(-?[a-zA-Z_][\w-]*)", re.sub(r"\d*\.\d+", "", css)))


def test_every_class_in_a_template_is_styled_or_used_by_the_script():
    script = JS.read_text(encoding="utf-8")
    unused = {
        name: where
        for name, where in template_classes().items()
        if name not in css_classes() and name not in script and name not in HOOKS
    }
    assert not unused


def test_every_class_the_stylesheet_styles_is_used():
    sources = [JS, *ROOT.glob("*/templatetags/*.py"), *ROOT.glob("articles/**/*.py")]
    text = " ".join(path.read_text(encoding="utf-8") for path in sources)
    # The card's `card-{{ size }}`, with the sizes the pages pass.
    written = set(template_classes()) | {"card-lead", "card-row", "card-compact"}
    unused = {name for name in css_classes() - written if not re.search(rf"\b{name}\b", text)}
    assert not unused
