"""Query ceilings: a page of the API costs the same few queries whatever it shows.

The rate limit's counters and the content version are kept in local memory here, as
they are in Redis in production: only the API's own reads are counted (without Redis
they live in database cache tables and add their statements to every request, a
fixed number too).
"""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_caches_in_memory(settings):
    in_memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {**settings.CACHES, "ratelimit": in_memory, "shared": in_memory}


@pytest.fixture
def news():
    return SectionFactory(slug="news")


def fill(section, count: int) -> list:
    return [
        ArticleFactory(
            primary_section=section,
            authors=[AuthorFactory(), AuthorFactory()],
            tags=["Army", "Border"],
            featured_image=ImageFactory(),
            language="my",
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_stories_list_runs_three_queries(client, news, count, django_assert_max_num_queries):
    """Stories, their bylines and their tags: no query per story (N+1 on authors, tags,
    sections, images or translations)."""
    fill(news, count)
    # Worked out once for every page: the section tree and when the next scheduled
    # story goes live (the answers' cache lifetime).
    client.get("/api/v1/sections")
    with django_assert_max_num_queries(3):
        response = client.get(
            "/api/v1/stories", {"section": "news", "tag": "army", "language": "my", "limit": 100}
        )
    assert len(response.json()["items"]) == count


def test_a_story_runs_three_queries(client, news, django_assert_max_num_queries):
    """The story with its section, image and translation, then bylines and tags."""
    [story] = fill(news, 1)
    client.get("/api/v1/sections")
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/stories/{story.pk}").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/tags", "/api/v1/authors", "/api/v1/sections"])
@pytest.mark.parametrize("count", [1, 30])
def test_name_lists_run_one_query(client, news, path, count, django_assert_max_num_queries):
    """Tags and authors with their counts in one grouped query, not one count each."""
    fill(news, count)
    client.get("/api/v1/sections")
    with django_assert_max_num_queries(1):
        assert client.get(path, {"limit": 100}).status_code == 200


def test_a_partner_key_adds_one_query(client, news, partner_key, django_assert_max_num_queries):
    """Looking the key up; its last use is written at most every few minutes."""
    fill(news, 5)
    client.get("/api/v1/sections", headers={"X-API-Key": partner_key})
    with django_assert_max_num_queries(1 + 3):
        assert client.get("/api/v1/stories", headers={"X-API-Key": partner_key}).status_code == 200
