"""Stories: filters, pagination, detail; and nothing unpublished reachable by any of
them (truth table: draft, in review, unpublished, scheduled × every way in)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.signed import with_altered_signature

pytestmark = pytest.mark.django_db
HIDDEN = [
    {"status": Article.Status.DRAFT, "publish_at": None},
    {"status": Article.Status.IN_REVIEW, "publish_at": None},
    {"status": Article.Status.UNPUBLISHED},
    {"publish_at": timezone.now() + timedelta(days=1)},  # scheduled
]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def news():
    return SectionFactory(slug="news")


@pytest.fixture
def burma(news):
    return SectionFactory(slug="burma", parent=news)


@pytest.fixture
def reporter():
    return AuthorFactory(slug="mya")


@pytest.fixture
def hidden(burma, reporter):
    """One story in each unpublished state, in every filter a client could ask for."""
    return [
        ArticleFactory(
            primary_section=burma, authors=[reporter], tags=["Secret"], language="my", **state
        )
        for state in HIDDEN
    ]


def test_only_published_stories_are_listed_whatever_the_filter(client, burma, reporter, hidden):
    live = ArticleFactory(primary_section=burma, authors=[reporter], tags=["Secret"], language="my")
    since = (timezone.now() - timedelta(days=2)).isoformat()
    for query in [
        {},
        {"section": "news"},
        {"section": "news/burma"},
        {"tag": "secret"},
        {"author": "mya"},
        {"language": "my"},
        {"updated_since": since},
        {"limit": 1},
    ]:
        assert ids(client.get("/api/v1/stories", query)) == [live.pk], query


def test_unpublished_stories_answer_404(client, hidden):
    for story in hidden:
        response = client.get(f"/api/v1/stories/{story.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such story."}


def test_a_story_shows_its_body_with_absolute_links(client, settings):
    settings.SITE_URL = "https://news.example"
    story = ArticleFactory(
        body='<p><a href="/news/">News</a> <img src="/media/a.webp" srcset="/media/a.webp 320w, '
        '/media/b.webp 640w" alt="A"></p>'
    )
    body = client.get(f"/api/v1/stories/{story.pk}").json()["body"]
    assert 'href="https://news.example/news/"' in body
    assert 'src="https://news.example/media/a.webp"' in body
    assert "https://news.example/media/a.webp 320w, https://news.example/media/b.webp 640w" in body


def test_the_body_is_the_sanitised_one(client):
    story = ArticleFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    body = client.get(f"/api/v1/stories/{story.pk}").json()["body"]
    assert "script" not in body and "onclick" not in body


def test_a_translation_is_shown_only_when_published(client):
    story = ArticleFactory()
    draft = ArticleFactory(language="my", status=Article.Status.DRAFT, publish_at=None)
    Article.objects.filter(pk=story.pk).update(counterpart=draft)
    assert client.get(f"/api/v1/stories/{story.pk}").json()["translation"] is None
    assert ids(client.get("/api/v1/stories")) == [story.pk]
    assert client.get("/api/v1/stories").json()["items"][0]["translation"] is None


def test_section_filter_includes_sub_sections_and_secondary_ones(client, news, burma):
    in_news = ArticleFactory(primary_section=news)
    in_burma = ArticleFactory(primary_section=burma)
    also_in_burma = ArticleFactory(primary_section=SectionFactory())
    also_in_burma.secondary_sections.add(burma)
    assert set(ids(client.get("/api/v1/stories", {"section": "news"}))) == {
        in_news.pk,
        in_burma.pk,
        also_in_burma.pk,
    }
    assert set(ids(client.get("/api/v1/stories", {"section": "news/burma"}))) == {
        in_burma.pk,
        also_in_burma.pk,
    }


def test_an_unknown_section_is_404_an_unknown_tag_or_author_an_empty_list(client, db):
    ArticleFactory()
    assert client.get("/api/v1/stories", {"section": "nowhere"}).status_code == 404
    assert ids(client.get("/api/v1/stories", {"tag": "nothing"})) == []
    assert ids(client.get("/api/v1/stories", {"author": "nobody"})) == []


def test_language_filter(client):
    english = ArticleFactory(language="en")
    burmese = ArticleFactory(language="my")
    assert ids(client.get("/api/v1/stories", {"language": "en"})) == [english.pk]
    assert ids(client.get("/api/v1/stories", {"language": "my"})) == [burmese.pk]


def test_updated_since_takes_the_later_of_publish_and_change_times(client):
    now = timezone.now()
    old = ArticleFactory(publish_at=now - timedelta(days=10))
    Article.objects.filter(pk=old.pk).update(modified_at=now - timedelta(days=10))
    edited = ArticleFactory(publish_at=now - timedelta(days=10))  # modified_at: now
    fresh = ArticleFactory(publish_at=now - timedelta(minutes=5))
    Article.objects.filter(pk=fresh.pk).update(modified_at=now - timedelta(days=20))
    since = (now - timedelta(days=1)).isoformat()
    assert set(ids(client.get("/api/v1/stories", {"updated_since": since}))) == {
        edited.pk,
        fresh.pk,
    }


@pytest.mark.parametrize(
    "query",
    [
        {"updated_since": "yesterday"},
        {"limit": 0},
        {"limit": 101},
        {"limit": "many"},
        {"language": "fr"},
        {"updated_since": "0001-01-01T00:00:00"},
        {"updated_since": "0001-01-01T00:00:00+05:00"},
    ],
)
def test_bad_parameters_are_400(client, query):
    response = client.get("/api/v1/stories", query)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_non_numeric_id_is_400_an_unknown_one_404(client, db):
    assert client.get("/api/v1/stories/abc").status_code == 400
    assert client.get(f"/api/v1/stories/{10**30}").status_code == 400
    assert client.get("/api/v1/stories/0").status_code == 400
    assert client.get("/api/v1/stories/999999").status_code == 404


def test_cursor_pages_through_every_story_newest_first_without_repeats(client):
    now = timezone.now()
    same_time = now - timedelta(hours=3)
    stories = [ArticleFactory(publish_at=now - timedelta(hours=hours)) for hours in (1, 2)]
    stories += [ArticleFactory(publish_at=same_time) for _ in range(3)]
    expected = [story.pk for story in stories[:2]] + sorted(
        (story.pk for story in stories[2:]), reverse=True
    )
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/stories", query).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected


def test_a_story_unpublished_between_pages_is_not_on_the_next(client):
    now = timezone.now()
    first, second, third = (ArticleFactory(publish_at=now - timedelta(hours=h)) for h in (1, 2, 3))
    body = client.get("/api/v1/stories", {"limit": 1}).json()
    assert [item["id"] for item in body["items"]] == [first.pk]
    Article.objects.filter(pk=second.pk).update(status=Article.Status.UNPUBLISHED)
    following = client.get("/api/v1/stories", {"limit": 1, "cursor": body["next_cursor"]})
    assert ids(following) == [third.pk]


def test_a_cursor_on_the_last_published_story_does_not_lead_to_a_scheduled_one(client):
    ArticleFactory(publish_at=timezone.now() + timedelta(hours=1))
    ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=1))
    live = [ArticleFactory(publish_at=timezone.now() - timedelta(hours=h)) for h in (1, 2)]
    body = client.get("/api/v1/stories", {"limit": 1}).json()
    following = client.get("/api/v1/stories", {"limit": 5, "cursor": body["next_cursor"]}).json()
    assert [item["id"] for item in following["items"]] == [live[1].pk]
    assert following["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["garbage", "a" * 300, ""])
def test_a_garbage_or_tampered_cursor_is_400(client, cursor):
    ArticleFactory.create_batch(3)
    good = client.get("/api/v1/stories", {"limit": 1}).json()["next_cursor"]
    tampered = [with_altered_signature(good, chars=2), good.replace(":", ":A", 1)]
    for bad in [cursor] if cursor else tampered:
        response = client.get("/api/v1/stories", {"cursor": bad})
        assert response.status_code == 400, bad
        assert "cursor" in response.json()["detail"]


def test_a_cursor_of_another_list_is_400(client):
    ArticleFactory(tags=["A", "B"])
    tags_cursor = client.get("/api/v1/tags", {"limit": 1}).json()["next_cursor"]
    assert client.get("/api/v1/stories", {"cursor": tags_cursor}).status_code == 400
