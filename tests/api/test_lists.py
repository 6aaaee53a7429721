"""Sections, tags and authors: nothing that only unpublished stories hold, and counts
of published stories only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.fixture
def mixed():
    """A reporter and a tag on one published story, one draft and one scheduled; a
    reporter and a tag on unpublished stories only."""
    shared, hidden = AuthorFactory(slug="shared", name="Shared"), AuthorFactory(slug="hidden")
    ArticleFactory(authors=[shared], tags=["Shared"], language="my")
    ArticleFactory(
        authors=[shared, hidden],
        tags=["Shared", "Hidden"],
        status=Article.Status.DRAFT,
        publish_at=None,
    )
    ArticleFactory(
        authors=[shared, hidden],
        tags=["Shared", "Hidden"],
        publish_at=timezone.now() + timedelta(days=1),
    )


def test_tags_of_unpublished_stories_are_not_listed_nor_counted(client, mixed):
    assert items(client.get("/api/v1/tags")) == [{"slug": "shared", "name": "Shared", "stories": 1}]


def test_authors_of_unpublished_stories_are_not_listed_nor_counted(client, mixed):
    [author] = items(client.get("/api/v1/authors"))
    assert (author["slug"], author["stories"]) == ("shared", 1)


def test_tags_and_authors_by_edition(client, mixed):
    assert items(client.get("/api/v1/tags", {"language": "en"})) == []
    assert items(client.get("/api/v1/authors", {"language": "en"})) == []
    assert len(items(client.get("/api/v1/tags", {"language": "my"}))) == 1


def test_tags_page_by_name_with_a_cursor(client):
    ArticleFactory(tags=["Cyclone", "Army", "Border"])
    first = client.get("/api/v1/tags", {"limit": 2}).json()
    assert [tag["name"] for tag in first["items"]] == ["Army", "Border"]
    rest = client.get("/api/v1/tags", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [tag["name"] for tag in rest["items"]] == ["Cyclone"]
    assert rest["next_cursor"] is None


def test_authors_cursor_rejects_garbage(client):
    assert client.get("/api/v1/authors", {"cursor": "nope"}).status_code == 400


def test_sections_are_the_active_tree_with_names_per_language(client, settings):
    settings.SITE_URL = "https://news.example"
    news = SectionFactory(slug="news", name="News", name_my="သတင်း")
    SectionFactory(slug="burma", name="Burma", parent=news)
    SectionFactory(slug="closed", is_active=False)
    sections = client.get("/api/v1/sections").json()
    assert [section["path"] for section in sections] == ["news", "news/burma"]
    assert sections[0]["names"] == {"en": "News", "my": "သတင်း"}
    assert sections[0]["urls"] == {
        "en": "https://news.example/news/",
        "my": "https://news.example/my/news/",
    }
    assert sections[1]["parent_id"] == news.pk
