"""A search typed in Zawgyi finds the story stored in Unicode, on the search page and
in the live suggestions, with SQLite's FTS5 and PostgreSQL's full-text search alike."""

import pytest
from django.urls import reverse

from articles import search
from tests.factories import ArticleFactory

HEADLINE = "ရန်ကုန်မြို့တွင် ဆန္ဒပြပွဲ ပြုလုပ်ခဲ့သည်"
ZAWGYI_QUERY = "ရန္ကုန္ၿမိဳ႕ ဆႏၵျပပြဲ"


def test_a_zawgyi_query_parses_as_its_unicode():
    assert search.parse_query(ZAWGYI_QUERY) == search.parse_query("ရန်ကုန်မြို့ ဆန္ဒပြပွဲ")


@pytest.mark.django_db
def test_a_search_typed_in_zawgyi_finds_the_unicode_story(client):
    ArticleFactory(headline=HEADLINE, slug="protest")
    ArticleFactory(headline="English only", slug="english")
    response = client.get(reverse("articles:search"), {"q": ZAWGYI_QUERY})
    assert response.status_code == 200
    assert [article.headline for article in response.context["page_obj"]] == [HEADLINE]


@pytest.mark.django_db
def test_a_suggestion_typed_in_zawgyi_finds_the_unicode_story(client):
    ArticleFactory(headline=HEADLINE, slug="protest")
    data = client.get(reverse("articles:suggest"), {"q": "ဆႏၵျပပြဲ"}).json()
    assert [item["headline"] for item in data["results"]] == [HEADLINE]
