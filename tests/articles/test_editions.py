"""The public site per edition (articles/edition_links.py, `in_edition()`): each
edition lists only its own stories, a story lives at its own edition's prefix, and a
story links to its published counterpart — in the page, in the header and as
`hreflang` alternates — never to one that is not published."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.editions import pair
from articles.models import Article, ArticleRedirect
from articles.previews import preview_url
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ENGLISH_HEADLINE = "Curfew lifted in Yangon"
BURMESE_HEADLINE = "ရန်ကုန်တွင် ညမထွက်ရအမိန့် ရုပ်သိမ်း"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = "http://news.example"


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news", is_featured=True)


@pytest.fixture
def reporter():
    return AuthorFactory(name="Ma Thida", slug="ma-thida")


@pytest.fixture
def english(news, reporter):
    return ArticleFactory(
        headline=ENGLISH_HEADLINE,
        slug="curfew-lifted",
        primary_section=news,
        tags=["curfew"],
        authors=[reporter],
        is_recommended=True,
    )


@pytest.fixture
def burmese(news, reporter):
    return ArticleFactory(
        headline=BURMESE_HEADLINE,
        slug="curfew-my",
        language="my",
        primary_section=news,
        tags=["curfew"],
        authors=[reporter],
        is_recommended=True,
    )


@pytest.fixture
def paired(english, burmese):
    pair(english, burmese)
    return english, burmese


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def alternates_of(html: str) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in parse(html).all("head link[rel=alternate][hreflang]")
    }


def edition_link_of(html: str):
    return parse(html).one("header a.edition-link")


# Lists per edition ------------------------------------------------------------------

EDITION_LISTS = [
    "",
    "news/",
    "tag/curfew/",
    "author/ma-thida/",
    "search/?q=curfew",
    "feed/",
    "feed/atom/",
    "news/feed/",
    "tag/curfew/feed/",
    "author/ma-thida/feed/",
    "lite/",
    "lite/news/",
    "lite/feed/",
]


@pytest.mark.parametrize("path", EDITION_LISTS)
def test_each_edition_lists_only_its_own_stories(client, english, burmese, path):
    """A Burmese story never reaches the English lists, and the other way round."""
    in_english = html_of(client, f"/{path}")
    in_burmese = html_of(client, f"/my/{path}")
    if "search" not in path:  # the search box repeats the query, not the headline
        assert ENGLISH_HEADLINE in in_english and BURMESE_HEADLINE in in_burmese
    assert BURMESE_HEADLINE not in in_english
    assert ENGLISH_HEADLINE not in in_burmese


def test_search_finds_each_editions_stories_in_that_edition_only(client, english, burmese):
    found = parse(html_of(client, "/search/?q=curfew")).one("main").text
    assert ENGLISH_HEADLINE in found and BURMESE_HEADLINE not in found
    suggestions = client.get("/my/search/suggest/?q=ရန်ကုန်").json()["results"]
    assert [item["headline"] for item in suggestions] == [BURMESE_HEADLINE]
    assert client.get("/search/suggest/?q=ရန်ကုန်").json()["results"] == []


def test_most_read_and_recommended_are_per_edition(client, english, burmese):
    for story in (english, burmese):
        story.daily_views.create(day=timezone.localdate(), count=50)
    english_widgets = parse(html_of(client, "/")).one("aside").text
    burmese_widgets = parse(html_of(client, "/my/")).one("aside").text
    assert ENGLISH_HEADLINE in english_widgets and BURMESE_HEADLINE not in english_widgets
    assert BURMESE_HEADLINE in burmese_widgets and ENGLISH_HEADLINE not in burmese_widgets


def test_the_stories_around_a_story_are_of_its_edition(client, news, english, burmese):
    older_english = ArticleFactory(
        primary_section=news, headline="Older English", publish_at=timezone.now() - timedelta(1)
    )
    html = html_of(client, burmese.get_absolute_url())
    story = parse(html).one("article.story").text
    assert older_english.headline not in story and ENGLISH_HEADLINE not in story
    around = parse(html_of(client, english.get_absolute_url())).one("article.story").text
    assert older_english.headline in around and BURMESE_HEADLINE not in around


def test_corrections_are_listed_in_their_storys_edition(client, english, burmese):
    english.corrections.create(text="The English note")
    burmese.corrections.create(text="မြန်မာ မှတ်ချက်")
    english_list, burmese_list = (
        html_of(client, "/corrections/"),
        html_of(client, "/my/corrections/"),
    )
    assert "The English note" in english_list and "မြန်မာ မှတ်ချက်" not in english_list
    assert "မြန်မာ မှတ်ချက်" in burmese_list and "The English note" not in burmese_list


def test_lite_links_stay_in_the_lite_edition_of_the_story(client, burmese):
    lite = parse(html_of(client, "/my/lite/"))
    assert "/my/lite/news/curfew-my/" in [link["href"] for link in lite.all("main a")]
    assert client.get("/lite/news/curfew-my/")["Location"] == "/my/lite/news/curfew-my/"


# A story lives in its own edition -----------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "target"),
    [
        ("/news/curfew-my/", "/my/news/curfew-my/"),
        ("/my/news/curfew-lifted/", "/news/curfew-lifted/"),
        ("/my/news/curfew-lifted/?utm_source=x", "/news/curfew-lifted/?utm_source=x"),
    ],
)
def test_a_story_asked_at_the_other_editions_prefix_moves_to_its_own(
    client, english, burmese, asked, target
):
    response = client.get(asked)
    assert response.status_code == 301 and response["Location"] == target


def test_an_unpublished_story_is_not_found_at_either_prefix(client, burmese):
    Article.objects.filter(pk=burmese.pk).update(status=Article.Status.UNPUBLISHED)
    assert client.get("/news/curfew-my/").status_code == 404
    assert client.get("/my/news/curfew-my/").status_code == 404


def test_an_old_address_of_a_burmese_story_moves_to_its_current_one(client, burmese):
    burmese.slug = "curfew-my-renamed"
    burmese.save()
    assert ArticleRedirect.objects.get().old_path == "/news/curfew-my/"
    for old in ("/news/curfew-my/", "/my/news/curfew-my/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/my/news/curfew-my-renamed/"


def test_a_preview_is_set_in_the_storys_language(client, news):
    draft = ArticleFactory(
        primary_section=news, language="my", status=Article.Status.DRAFT, publish_at=None
    )
    response = client.get(preview_url(draft))
    assert response.status_code == 200 and response["Content-Language"] == "my"
    assert parse(response.content.decode()).one("html")["lang"] == "my"


# Counterpart links and hreflang ------------------------------------------------------


def test_a_story_links_to_its_published_counterpart_both_ways(client, paired):
    english, burmese = paired
    english_page, burmese_page = (html_of(client, story.get_absolute_url()) for story in paired)

    to_burmese = parse(english_page).one(".counterpart-link a")
    assert to_burmese["href"] == "/my/news/curfew-my/"
    assert to_burmese["hreflang"] == to_burmese["lang"] == "my"
    assert to_burmese.text == "ဤသတင်းကို မြန်မာဘာသာဖြင့် ဖတ်ရန်"
    to_english = parse(burmese_page).one(".counterpart-link a")
    assert to_english["href"] == "/news/curfew-lifted/"
    assert to_english["hreflang"] == to_english["lang"] == "en"
    assert to_english.text == "Read this story in English"

    assert edition_link_of(english_page)["href"] == "/my/news/curfew-my/"
    assert edition_link_of(english_page).text == "မြန်မာ"
    assert edition_link_of(burmese_page)["href"] == "/news/curfew-lifted/"
    assert edition_link_of(burmese_page).text == "English"

    both = {
        "en": "http://news.example/news/curfew-lifted/",
        "my": "http://news.example/my/news/curfew-my/",
        "x-default": "http://news.example/news/curfew-lifted/",
    }
    assert alternates_of(english_page) == both
    assert alternates_of(burmese_page) == both


def test_the_story_page_is_in_its_language(client, paired):
    english, burmese = paired
    assert parse(html_of(client, burmese.get_absolute_url())).one("html")["lang"] == "my"
    assert parse(html_of(client, english.get_absolute_url())).one("html")["lang"] == "en"


def unpublish(story):
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)


def schedule(story):
    later = timezone.now() + timedelta(hours=2)
    Article.objects.filter(pk=story.pk).update(publish_at=later)


def unpublish_by_sql(story):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET status = %s WHERE id = %s",
            [Article.Status.DRAFT, story.pk],
        )


def assert_no_counterpart(html: str, home: str):
    assert not parse(html).all(".counterpart-link")
    assert alternates_of(html) == {}
    assert edition_link_of(html)["href"] == home


@pytest.mark.parametrize("hide", [unpublish, schedule, unpublish_by_sql])
def test_no_link_to_a_counterpart_that_is_not_published(client, paired, hide):
    english, burmese = paired
    hide(burmese)
    assert_no_counterpart(html_of(client, english.get_absolute_url()), home="/my/")


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("hide", [unpublish, unpublish_by_sql])
def test_a_kept_story_page_drops_the_counterpart_the_moment_it_is_unpublished(client, paired, hide):
    english, burmese = paired
    url = english.get_absolute_url()
    client.get(url)
    kept = client.get(url)
    assert kept["X-Page-Cache"] == "hit" and "counterpart-link" in kept.content.decode()
    hide(burmese)
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss"
    assert_no_counterpart(again.content.decode(), home="/my/")


def test_a_story_without_counterpart_links_the_other_editions_home(client, english, burmese):
    assert_no_counterpart(html_of(client, english.get_absolute_url()), home="/my/")
    assert_no_counterpart(html_of(client, burmese.get_absolute_url()), home="/")


def test_a_preview_names_no_alternates(client, paired):
    html = client.get(preview_url(paired[0])).content.decode()
    assert alternates_of(html) == {}


@pytest.mark.parametrize(
    ("path", "english_url", "burmese_url"),
    [
        ("", "/", "/my/"),
        ("news/", "/news/", "/my/news/"),
        ("tag/curfew/", "/tag/curfew/", "/my/tag/curfew/"),
        ("author/ma-thida/", "/author/ma-thida/", "/my/author/ma-thida/"),
    ],
)
def test_pages_every_edition_has_name_each_other(client, english, path, english_url, burmese_url):
    in_english, in_burmese = html_of(client, f"/{path}"), html_of(client, f"/my/{path}")
    expected = {
        "en": f"http://news.example{english_url}",
        "my": f"http://news.example{burmese_url}",
        "x-default": f"http://news.example{english_url}",
    }
    assert alternates_of(in_english) == alternates_of(in_burmese) == expected
    assert edition_link_of(in_english)["href"] == burmese_url
    assert edition_link_of(in_burmese)["href"] == english_url


# Queries ----------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    """The queries of a page's second view (its lists and ids cached by the first)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_counterpart_costs_the_story_page_no_query(client, english, burmese):
    """Guards against a query for the counterpart: its link and its published check
    come with the story's own row."""
    alone = queries_for(client, english.get_absolute_url())
    pair(english, burmese)
    assert queries_for(client, english.get_absolute_url()) == alone
    assert "counterpart-link" in html_of(client, english.get_absolute_url())


def test_each_edition_home_runs_as_many_queries(client, news, english, burmese):
    """Guards against a query per edition or per story on the editions' homes."""
    for number in range(5):
        ArticleFactory(primary_section=news, language="my", headline=f"ဆောင်းပါး {number}")
    assert queries_for(client, "/my/") == queries_for(client, "/")


def test_the_similar_picks_of_a_story_are_in_its_edition(client, news, burmese):
    ArticleFactory(primary_section=news, headline="Another English story")
    similar = reverse("articles:similar", args=[burmese.pk])
    assert client.get(similar).status_code == 404
    assert "Another English story" not in html_of(client, f"/my{similar}")
