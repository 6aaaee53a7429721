"""Section names per edition (`Section.name_my`, read through `Section.local_name`):
the Burmese edition's menus, breadcrumbs, card kickers, titles and feeds name sections
in Burmese where editors gave a Burmese name, and in English where they did not; the
English edition keeps the English names, whatever was rendered or cached before."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from newsletter.emails import render_issue_bodies
from newsletter.models import Newsletter
from sections.models import Section
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

BURMESE_HEADLINE = "ရန်ကုန်တွင် ညမထွက်ရအမိန့် ရုပ်သိမ်း"
ENGLISH_HEADLINE = "Curfew lifted in Yangon"
# "Politics" as typed in Zawgyi, and the same word in Unicode.
POLITICS_ZAWGYI = "ႏိုင္ငံေရး"
POLITICS = "နိုင်ငံရေး"


@pytest.fixture
def news():
    return SectionFactory(name="News", name_my="သတင်း", slug="news", is_featured=True)


@pytest.fixture
def junta_watch(news):
    return SectionFactory(
        name="Junta Watch", name_my="စစ်ကောင်စီ စောင့်ကြည့်ရေး", slug="junta-watch", parent=news
    )


@pytest.fixture
def books():
    """A section the editors have not named in Burmese."""
    return SectionFactory(name="Books", slug="books", position=9)


@pytest.fixture
def burmese_story(junta_watch):
    return ArticleFactory(
        headline=BURMESE_HEADLINE, slug="curfew-my", language="my", primary_section=junta_watch
    )


@pytest.fixture
def english_story(junta_watch):
    return ArticleFactory(headline=ENGLISH_HEADLINE, slug="curfew", primary_section=junta_watch)


def page_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return parse(response.content.decode())


def menu_names(page) -> list[str]:
    return [link.text for link in page.all("nav.site-menu a") if link.get("href") != "#top"]


def breadcrumb_names(page) -> list[str]:
    return [link.text for link in page.all("nav.breadcrumbs a")]


def test_local_name_is_the_active_editions_name_falling_back_to_the_name(junta_watch, books):
    with translation.override("my"):
        assert junta_watch.local_name == "စစ်ကောင်စီ စောင့်ကြည့်ရေး"
        assert books.local_name == "Books"
    with translation.override("en"):
        assert junta_watch.local_name == "Junta Watch"


def test_the_burmese_name_is_stored_composed(news):
    news.name_my = "\u1025\u102e"  # ဦ typed as two code points
    news.save()
    news.refresh_from_db()
    assert news.name_my == "\u1026"


def test_the_burmese_home_names_sections_in_burmese(client, burmese_story, books):
    # The five newest stories lead the home page; the sixth fills the section's block.
    ArticleFactory.create_batch(5, language="my", primary_section=burmese_story.primary_section)
    page = page_of(client, "/my/")
    assert menu_names(page)[1:] == ["သတင်း", "စစ်ကောင်စီ စောင့်ကြည့်ရေး", "Books"]
    assert page.one(f"#block-{burmese_story.primary_section.parent_id}").text == "သတင်း"
    assert {kicker.text for kicker in page.all("a.card-section")} == {"စစ်ကောင်စီ စောင့်ကြည့်ရေး"}
    assert [link.text for link in page.all("footer ul.contents a")] == [
        "သတင်း",
        "စစ်ကောင်စီ စောင့်ကြည့်ရေး",
        "Books",
    ]


def test_the_english_home_keeps_the_english_names(client, english_story, books):
    page = page_of(client, "/")
    assert menu_names(page)[1:] == ["News", "Junta Watch", "Books"]
    assert {kicker.text for kicker in page.all("a.card-section")} == {"Junta Watch"}
    assert [link.text for link in page.all("footer ul.contents a")] == [
        "News",
        "Junta Watch",
        "Books",
    ]


def test_the_burmese_section_page_is_titled_in_burmese(client, burmese_story, junta_watch):
    page = page_of(client, "/my/news/")
    assert page.one("h1.page-title").text == "သတင်း"
    assert page.one("title").text.startswith("သတင်း — ")
    assert page.one('meta[property="og:title"]')["content"].startswith("သတင်း")
    assert breadcrumb_names(page)[1:] == ["သတင်း"]
    inside = page.one("nav.subsections")
    assert [link.text for link in inside.all("a")] == ["စစ်ကောင်စီ စောင့်ကြည့်ရေး"]


def test_the_english_section_page_keeps_its_english_title(client, english_story):
    page = page_of(client, "/news/junta-watch/")
    assert page.one("h1.page-title").text == "Junta Watch"
    assert breadcrumb_names(page)[1:] == ["News", "Junta Watch"]


def test_a_section_without_a_burmese_name_shows_its_name(client, books):
    ArticleFactory(headline=BURMESE_HEADLINE, slug="book-my", language="my", primary_section=books)
    page = page_of(client, "/my/books/")
    assert page.one("h1.page-title").text == "Books"
    assert breadcrumb_names(page)[1:] == ["Books"]


def test_the_burmese_story_names_its_sections_in_burmese(client, burmese_story, books):
    politics = SectionFactory(name="Politics", name_my=POLITICS, slug="politics")
    burmese_story.secondary_sections.set([politics, books])
    page = page_of(client, burmese_story.get_absolute_url())
    assert breadcrumb_names(page)[1:] == ["သတင်း", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"]
    filed_in = {link.text for link in page.all(".story-sections a")}
    assert filed_in == {"စစ်ကောင်စီ စောင့်ကြည့်ရေး", POLITICS, "Books"}
    assert page.one('meta[property="article:section"]')["content"] == "စစ်ကောင်စီ စောင့်ကြည့်ရေး"
    graph = [json.loads(script.text) for script in page.all('script[type="application/ld+json"]')]
    flat = [item for entry in graph for item in (entry if isinstance(entry, list) else [entry])]
    article = next(item for item in flat if item.get("@type") == "NewsArticle")
    assert article["articleSection"] == "စစ်ကောင်စီ စောင့်ကြည့်ရေး"
    crumbs = next(item for item in flat if item.get("@type") == "BreadcrumbList")
    names = [element["name"] for element in crumbs["itemListElement"]]
    assert names[1:3] == ["သတင်း", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"]


def test_the_english_story_names_its_sections_in_english(client, english_story):
    page = page_of(client, english_story.get_absolute_url())
    assert breadcrumb_names(page)[1:] == ["News", "Junta Watch"]
    assert page.one('meta[property="article:section"]')["content"] == "Junta Watch"


def test_the_burmese_section_feed_is_titled_in_burmese(client, burmese_story):
    response = client.get("/my/news/junta-watch/feed/")
    assert response.status_code == 200
    feed = response.content.decode()
    assert "<title>စစ်ကောင်စီ စောင့်ကြည့်ရေး — " in feed
    assert "<category>စစ်ကောင်စီ စောင့်ကြည့်ရေး</category>" in feed


def test_the_burmese_lite_pages_name_sections_in_burmese(client, burmese_story):
    assert page_of(client, "/my/lite/news/junta-watch/").one("h1").text == ("စစ်ကောင်စီ စောင့်ကြည့်ရေး")
    home_titles = [heading.text for heading in page_of(client, "/my/lite/").all("h2")]
    assert "သတင်း" in home_titles


def test_the_menus_kept_for_one_edition_are_not_served_to_the_other(client, junta_watch):
    """The rendered menus are kept per tree build: the language must be in their key."""
    for url, expected in [
        ("/my/", ["သတင်း", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"]),
        ("/", ["News", "Junta Watch"]),
        ("/my/", ["သတင်း", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"]),
    ]:
        page = page_of(client, url)
        assert menu_names(page)[1:] == expected, url
        assert [link.text for link in page.all("footer ul.contents a")] == expected, url


def test_the_kept_pages_of_one_edition_are_not_served_to_the_other(
    client, page_cache, burmese_story, english_story
):
    for url, expected in [
        ("/my/news/junta-watch/", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"),
        ("/news/junta-watch/", "Junta Watch"),
        ("/my/news/junta-watch/", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"),
        ("/news/junta-watch/", "Junta Watch"),
    ]:
        assert page_of(client, url).one("h1.page-title").text == expected, url


def test_a_burmese_name_typed_in_zawgyi_is_stored_in_unicode(admin_client):
    response = admin_client.post(
        reverse("admin:sections_section_add"),
        {
            "name": "Politics",
            "name_my": POLITICS_ZAWGYI,
            "slug": "politics",
            "position": 0,
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    section = Section.objects.get()
    assert (section.name, section.name_my) == ("Politics", POLITICS)
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Converted from Zawgyi to Unicode: Name in Burmese" in notices


def test_the_section_admin_edits_the_burmese_name_next_to_the_name(admin_client, news):
    response = admin_client.get(reverse("admin:sections_section_change", args=[news.pk]))
    form = parse(response.content.decode())
    names = [field["name"] for field in form.all("form input[name]")]
    assert names.index("name_my") == names.index("name") + 1
    assert form.one("input[name=name_my]")["value"] == "သတင်း"


@pytest.mark.parametrize(
    ("language", "kicker"), [("my", "စစ်ကောင်စီ စောင့်ကြည့်ရေး"), ("en", "Junta Watch")]
)
def test_a_digest_names_sections_in_its_newsletters_language(junta_watch, language, kicker):
    newsletter = Newsletter.objects.create(name="Briefing", slug="briefing", language=language)
    story = ArticleFactory(language=language, primary_section=junta_watch)
    html, text = render_issue_bodies(newsletter=newsletter, subject="Briefing", articles=[story])
    assert f">{kicker}</p>" in html
    assert kicker.upper() in text
