"""Answers validated against the API's own OpenAPI document (/api/v1/openapi.json)."""

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    png_bytes,
)


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def validate(openapi, path: str, body, *, status: str = "200") -> None:
    """Validate `body` against the schema the document gives for GET `path`."""
    answer = openapi["paths"][path]["get"]["responses"][status]
    schema = answer["content"]["application/json"]["schema"]
    jsonschema.validate(body, {**schema, "components": openapi["components"]})


@pytest.fixture
def full_story(db):
    parent = SectionFactory(slug="news", name="News", name_my="သတင်း")
    section = SectionFactory(slug="burma", name="Burma", parent=parent)
    counterpart = ArticleFactory(primary_section=section, language="my")
    story = ArticleFactory(
        primary_section=section,
        featured_image=ImageFactory(file=SimpleUploadedFile("w.png", png_bytes(700, 350))),
        authors=[AuthorFactory()],
        tags=["Elections"],
        counterpart=counterpart,
    )
    return story


def test_the_schema_lists_every_endpoint_and_no_docs_page(client, openapi, db):
    assert set(openapi["paths"]) == {
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors",
    }
    assert client.get("/api/v1/docs", follow=True).status_code == 404


def test_story_list_matches_the_schema(client, openapi, full_story):
    body = client.get("/api/v1/stories").json()
    validate(openapi, "/api/v1/stories", body)
    assert len(body["items"]) == 2


def test_story_matches_the_schema(client, openapi, full_story):
    body = client.get(f"/api/v1/stories/{full_story.pk}").json()
    validate(openapi, "/api/v1/stories/{story_id}", body)
    assert [rendition["width"] for rendition in body["image"]["renditions"]] == [320, 640]
    assert body["image"]["renditions"][0]["url"].startswith("http")
    assert body["translation"]["id"] == full_story.counterpart_id


def test_sections_tags_and_authors_match_the_schema(client, openapi, full_story):
    for path in ("/api/v1/sections", "/api/v1/tags", "/api/v1/authors"):
        body = client.get(path).json()
        validate(openapi, path, body)
        assert body


def test_errors_match_the_schema(client, openapi, db):
    validate(openapi, "/api/v1/stories", client.get("/api/v1/stories?limit=0").json(), status="400")
    validate(
        openapi, "/api/v1/stories/{story_id}", client.get("/api/v1/stories/9").json(), status="404"
    )


def test_a_broken_answer_fails_validation(openapi):
    """The check can fail: a story without its headline is refused."""
    with pytest.raises(jsonschema.ValidationError):
        validate(openapi, "/api/v1/stories", {"items": [{"id": 1}], "next_cursor": None})
