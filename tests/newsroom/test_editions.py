"""Editions by address: `/` is the default language's, `/my/` the Burmese one's, and
nothing else — no cookie, no Accept-Language — decides a public page's language."""

from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import translation

from newsroom.editions import edition_home, edition_language, language_of_path, other_language
from newsroom.page_urls import page_url
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db
LANGUAGE_MIGRATION = import_module("articles.migrations.0015_article_language_and_counterpart")


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/news/", "en"), ("/my/", "my"), ("/my/news/x/", "my"), ("/mya/", "en")],
)
def test_the_address_says_the_language(path, language):
    assert language_of_path(path) == language


def test_the_browser_asking_for_another_language_changes_nothing(client):
    english = client.get("/", headers={"Accept-Language": "my"}, HTTP_COOKIE="django_language=my")
    burmese = client.get("/my/", headers={"Accept-Language": "en"})
    assert english["Content-Language"] == "en" and burmese["Content-Language"] == "my"
    assert "Vary" not in english and "Vary" not in burmese


def test_editions_and_their_homes():
    assert (edition_home("en"), edition_home("my")) == ("/", "/my/")
    assert (other_language("en"), other_language("my")) == ("my", "en")
    with translation.override("my"):
        assert edition_language() == "my"
    with translation.override("de"):  # not an edition: the default one
        assert edition_language() == "en"


def test_a_story_links_to_its_own_edition_from_any_page():
    section = SectionFactory(slug="news")
    english = ArticleFactory(primary_section=section, slug="curfew")
    burmese = ArticleFactory(primary_section=section, slug="ညမထွက်ရအမိန့်", language="my")
    with translation.override("my"):
        burmese_url = reverse("articles:page", kwargs={"path": f"news/{burmese.slug}"})
    assert burmese_url.startswith("/my/news/%E1%80")
    for active in ("en", "my"):
        with translation.override(active):
            assert english.get_absolute_url() == "/news/curfew/"
            assert burmese.get_absolute_url() == burmese_url
            # A section is in every edition: its link stays in the page's.
            assert section.get_absolute_url() == ("/my/news/" if active == "my" else "/news/")


def test_page_url_builds_what_reverse_builds_in_each_edition():
    for language in ("en", "my"):
        with translation.override(language):
            expected = reverse("articles:page", kwargs={"path": "news/burma"})
        assert page_url("news/burma", language=language) == expected


@pytest.mark.parametrize(
    ("headline", "burmese"),
    [
        ("ရန်ကုန်တွင် မီးလောင်မှုဖြစ်ပွား", True),
        ("NUG က ထုတ်ပြန်ချက် ထုတ်ပြန်", True),
        ("Fighting in Sagaing: ဒေသခံများ", False),
        ("Junta extends martial law", False),
        ("2026", False),
    ],
)
def test_existing_stories_go_to_the_edition_of_their_headlines_script(headline, burmese):
    assert LANGUAGE_MIGRATION.is_mostly_myanmar(headline) is burmese
