"""The Burmese edition in Burmese: the catalogue (locale/my/LC_MESSAGES/django.po), its
dates and its digits.

What must be translated is read from the templates and modules readers see, not from
a list kept here, so a string added to them without its Burmese fails this file.
"""

import ast
import gettext
import re
from datetime import datetime
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import dates, timezone, translation
from django.utils.safestring import mark_safe

from articles.models import Article, Correction
from newsletter import subscriptions
from newsletter.emails import confirmation_message
from newsroom.formats import calendar_words
from newsroom.text import local_digits
from newsroom.zawgyi import is_zawgyi
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory
from tests.html import parse

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "my" / "LC_MESSAGES" / "django.po"
TEMPLATES = ROOT / "templates"
# Staff and account pages: the admin, and allauth's pages, which stay unprefixed
# (English) for every reader.
NOT_FOR_READERS = ("admin", "account", "accounts", "allauth", "staff")
# Python modules whose words reach readers: pages, forms, messages, feeds, e-mails.
READER_MODULES = [
    "articles/content/body_images.py",
    "articles/content/embed_providers.py",
    "articles/content/embeds.py",
    "articles/content/galleries.py",
    "articles/content/oembed.py",
    "articles/content/rendering.py",
    "articles/lite/body.py",
    "articles/search/views.py",
    "articles/seo/feeds.py",
    "articles/templatetags/article_tags.py",
    "articles/templatetags/view_counts.py",
    "comments/emails.py",
    "comments/feeds.py",
    "comments/forms.py",
    "comments/notification_views.py",
    "comments/services.py",
    "comments/templatetags/comment_tags.py",
    "comments/views.py",
    "newsletter/emails.py",
    "newsletter/forms.py",
    "newsletter/preferences.py",
    "newsletter/views.py",
    "newsroom/formats/calendar_words.py",
    "newsroom/zawgyi_forms.py",
]
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
MYANMAR_DIGIT = re.compile("[၀-၉]")
ASCII_DIGIT = re.compile("[0-9]")


def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def reader_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        and path.relative_to(TEMPLATES).parts[0] not in NOT_FOR_READERS
    ]


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every `translate`, `blocktranslate` and `_("…")` in a template."""
    source = path.read_text()
    nodelist = engines["django"].from_string(source).template.nodelist
    found = set()
    for node in nodelist.get_nodes_by_type(TranslateNode):
        context = node.message_context.resolve({}) if node.message_context else None
        found.add((context, node.filter_expression.var.literal))
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        context = node.message_context.resolve({}) if node.message_context else None
        found.add((context, node.render_token_list(node.singular)[0]))
    found.update((None, text) for text in re.findall(r'\b_\("([^"]+)"\)', source))
    return found


def module_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal words in a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id not in GETTEXT_CALLS:
            continue
        context_at, msgid_at = GETTEXT_CALLS[node.func.id]
        args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        context = args[context_at] if context_at is not None else None
        found.add((context, args[msgid_at]))
    return found


def untranslated(messages: set[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue()}
    return sorted(
        message
        for message in messages
        if message not in entries or not entries[message].translated()
    )


def test_the_catalogue_compiles_and_translates(tmp_path):
    """What `manage.py compile_translations` builds: a catalogue gettext can read."""
    mo = tmp_path / "django.mo"
    po = catalogue()
    po.save_as_mofile(str(mo))
    with mo.open("rb") as compiled:
        burmese = gettext.GNUTranslations(compiled)
    assert burmese.gettext("Search") == "ရှာဖွေရန်"
    assert burmese.ngettext("%(minutes)s min read", "%(minutes)s min read", 7) == (
        "%(minutes)s မိနစ် ဖတ်ရန်"
    )
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Language"] == "my"


def test_the_compiled_catalogue_is_the_one_django_uses():
    with translation.override("my"):
        assert translation.gettext("Most Read") == "အများဆုံးဖတ်ရှုသော"


def test_every_reader_facing_template_string_has_its_burmese():
    messages = set().union(*(template_messages(path) for path in reader_templates()))
    assert len(messages) > 150  # the walk found the templates' words
    assert untranslated(messages) == []


def test_every_reader_facing_string_in_python_has_its_burmese():
    messages = set().union(*(module_messages(ROOT / module) for module in READER_MODULES))
    assert (None, "Please write your comment.") in messages
    assert untranslated(messages) == []


def test_story_kinds_and_correction_kinds_read_in_burmese():
    with translation.override("my"):
        labels = [str(label) for label in [*Article.Kind.labels, *Correction.Kind.labels]]
    with translation.override("en"):
        english = [str(label) for label in [*Article.Kind.labels, *Correction.Kind.labels]]
    assert [label for label, word in zip(labels, english, strict=True) if label == word] == []


def test_translations_are_unicode_and_keep_their_placeholders():
    problems = []
    for entry in catalogue().translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            if is_zawgyi(text):
                problems.append(("Zawgyi", entry.msgid))
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                problems.append(("placeholders", entry.msgid))
    assert problems == []


def test_calendar_words_are_djangos_own():
    """newsroom/formats/calendar_words.py only repeats Django's words for makemessages:
    if Django renames one, its Burmese would silently stop showing."""
    with translation.override("en"):
        assert [str(word) for word in dates.WEEKDAYS.values()] == list(calendar_words.WEEKDAYS)
        assert [str(word) for word in dates.WEEKDAYS_ABBR.values()] == list(
            calendar_words.WEEKDAYS_ABBR
        )
        assert [str(word) for word in dates.MONTHS.values()] == list(calendar_words.MONTHS)
        assert [str(word) for word in dates.MONTHS_3.values()] == list(calendar_words.MONTHS_3)
        for django_words, ours in [
            (dates.MONTHS_AP, calendar_words.MONTHS_AP),
            (dates.MONTHS_ALT, calendar_words.MONTHS_ALT),
        ]:
            assert [str(word) for word in django_words.values()] == [str(word) for word in ours]


def test_local_digits_are_myanmar_in_burmese_only():
    assert local_digits("5 December 2026, 14:30", "my") == "၅ December ၂၀၂၆, ၁၄:၃၀"
    assert local_digits("5 December 2026", "en") == "5 December 2026"
    template = engines["django"].from_string("{% load digits %}{{ value|local_digits }}")
    with translation.override("my"):
        assert local_digits("Page 12") == "Page ၁၂"
        assert template.render({"value": 1234}) == "၁၂၃၄"
        assert template.render({"value": mark_safe("<b>3</b>")}) == "<b>၃</b>"
        assert template.render({"value": "<b>3</b>"}) == "&lt;b&gt;၃&lt;/b&gt;"


def test_burmese_dates_use_burmese_month_names():
    moment = timezone.make_aware(datetime(2026, 12, 5, 14, 30))
    template = engines["django"].from_string(
        '{% load digits %}{{ moment|date:"DATETIME_FORMAT"|local_digits }}'
    )
    with translation.override("my"):
        burmese = template.render({"moment": moment})
    with translation.override("en"):
        english = template.render({"moment": moment})
    assert burmese == "၅ ဒီဇင်ဘာ ၂၀၂၆၊ ၁၄:၃၀"
    assert "Dec. 5, 2026" in english


@pytest.fixture
def newsroom_sections():
    return SectionFactory(name="News", slug="news", position=1, show_in_menu=True)


def reader_text(html: str) -> str:
    """What a reader reads: the page without tags, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def machine_values(html: str) -> list[str]:
    """Addresses, machine-read dates, data for scripts and JSON-LD."""
    values = re.findall(r'\s(?:href|src|srcset|action|datetime|data-[\w-]+)="([^"]*)"', html)
    return values + re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


@pytest.mark.django_db
def test_the_burmese_home_page_reads_in_burmese_with_burmese_digits(client, newsroom_sections):
    ArticleFactory(
        language="my",
        headline="မြန်မာ သတင်း",
        slug="news-2026",
        primary_section=newsroom_sections,
        publish_at=timezone.now() - timezone.timedelta(days=3),
    )
    html = client.get("/my/").content.decode()
    page = parse(html)
    assert page.one("html")["lang"] == "my"
    assert page.all("nav#site-menu a")[0].text == "ပင်မစာမျက်နှာ"
    assert page.one("form.search-form button").text == "ရှာဖွေရန်"
    today = timezone.localdate()
    masthead = page.one(".masthead-meta time")
    with translation.override("my"):
        month = str(dates.MONTHS[today.month])
    assert month in masthead.text
    assert local_digits(str(today.year), "my") in masthead.text
    assert not ASCII_DIGIT.search(masthead.text)
    assert masthead["datetime"] == f"{today:%Y-%m-%d}"
    card_time = page.one("article.card time")
    assert MYANMAR_DIGIT.search(card_time.text) and not ASCII_DIGIT.search(card_time.text)
    assert ASCII_DIGIT.search(card_time["datetime"])
    assert page.one("#most-read-title").text == "အများဆုံးဖတ်ရှုသော"


@pytest.mark.django_db
def test_a_burmese_story_reads_in_burmese_with_burmese_digits(client, newsroom_sections):
    story = ArticleFactory(
        language="my",
        headline="ရန်ကုန်တွင် မိုးသည်းထန်",
        slug="rain-2026",
        body="<p>" + "စကားလုံး " * 900 + "</p>",
        primary_section=newsroom_sections,
    )
    url = story.get_absolute_url()
    assert url.startswith("/my/") and "2026" in url
    html = client.get(url).content.decode()
    page = parse(html)
    assert page.one("html")["lang"] == "my"
    stats = page.one(".story-stats").text
    assert story.reading_time > 1
    assert f"{local_digits(str(story.reading_time), 'my')} မိနစ် ဖတ်ရန်" in stats
    assert "ကြည့်ရှုမှု ၀ ကြိမ်" in stats
    dates_line = page.one(".story-dates")
    assert "ထုတ်ဝေသည်" in dates_line.text
    with translation.override("my"):
        month = str(dates.MONTHS[timezone.localtime(story.publish_at).month])
    assert month in dates_line.text
    assert not ASCII_DIGIT.search(dates_line.text)
    assert [a.text for a in page.all("nav.breadcrumbs a")][0] == "ပင်မစာမျက်နှာ"
    assert "မျှဝေရန်" in reader_text(html)


@pytest.mark.django_db
def test_digits_in_addresses_and_machine_read_values_stay_ascii(client, newsroom_sections):
    story = ArticleFactory(
        language="my", headline="ရွေးကောက်ပွဲ", slug="vote-2026", primary_section=newsroom_sections
    )
    for url in ["/my/", story.get_absolute_url(), "/my/news/"]:
        html = client.get(url).content.decode()
        values = machine_values(html)
        assert any("2026" in value for value in values), url
        assert [value for value in values if MYANMAR_DIGIT.search(value)] == [], url


@pytest.mark.django_db
def test_english_pages_keep_english_words_and_ascii_digits(client, newsroom_sections):
    story = ArticleFactory(
        headline="Rain in Yangon",
        slug="rain-in-yangon",
        body="<p>" + "word " * 900 + "</p>",
        primary_section=newsroom_sections,
    )
    html = client.get(story.get_absolute_url()).content.decode()
    page = parse(html)
    assert page.one("html")["lang"] == "en"
    assert f"{story.reading_time} min read" in page.one(".story-stats").text
    assert page.all("nav#site-menu a")[0].text == "Home"
    assert "Published" in page.one(".story-dates").text
    assert not MYANMAR_DIGIT.search(html)


@pytest.mark.django_db
def test_burmese_listing_pages_number_their_pages_in_burmese(client, newsroom_sections):
    ArticleFactory.create_batch(21, language="my", primary_section=newsroom_sections)
    html = client.get("/my/news/?page=2").content.decode()
    page = parse(html)
    assert page.one(".pagination span").text == "စာမျက်နှာ ၂ / ၂"
    assert page.one(".pagination a[rel=prev]")["href"] == "?page=1"
    assert "စာမျက်နှာ ၂" in page.one("title").text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"since": "yesterday"}, "ရက်စွဲကို ခုနှစ်-လ-ရက် ပုံစံဖြင့် ထည့်ပါ"),
        ({"section": "no-such-section"}, "ဖော်ပြထားသော ကဏ္ဍများထဲမှ တစ်ခုကို ရွေးပါ"),
        ({"sort": "random"}, "ဖော်ပြထားသော စီစဉ်ပုံများထဲမှ တစ်ခုကို ရွေးပါ"),
        ({"q": "x" * 10_000}, "အများဆုံး စာလုံး"),
    ],
)
def test_burmese_search_explains_a_bad_filter_in_burmese(client, params, error):
    response = client.get("/my/search/", {"q": "မိုး", **params})
    assert response.status_code == 400
    assert error in parse(response.content.decode()).one("[role=alert]").text


@pytest.mark.django_db
def test_the_burmese_not_found_page_is_in_burmese(client):
    response = client.get("/my/no-such-page/")
    assert response.status_code == 404
    assert "ထိုစာမျက်နှာကို ရှာမတွေ့ပါ" in response.content.decode()


@pytest.mark.django_db
def test_the_burmese_newsletters_confirmation_e_mail_reads_in_burmese():
    subscriber = SubscriberFactory(
        newsletter=subscriptions.default_newsletter("my"), status="pending", confirmed_at=None
    )
    message = confirmation_message(subscriber)  # in its newsletter's language
    html = message.alternatives[0][0]
    assert "စာရင်းသွင်းမှုကို အတည်ပြုပေးပါ" in message.subject
    assert "စာရင်းသွင်းမှုကို အတည်ပြုရန်" in html
    days = local_digits(str(settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS), "my")
    assert f"ဤလင့်ခ်ကို {days} ရက်အတွင်း" in message.body
    assert not MYANMAR_DIGIT.search(message.extra_headers["List-Unsubscribe"])
