"""Corrections owned in public: at the story's foot, dated, in JSON-LD, on a page and a feed."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, Correction
from articles.workflow import corrections
from tests.articles.seo.test_metadata import HeadReader
from tests.articles.workflow.conftest import change_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(section):
    return ArticleFactory(primary_section=section, headline="Floods in Sagaing")


def jsonld(html: str) -> dict:
    """The page's NewsArticle JSON-LD."""
    blocks = [json.loads(block) for block in HeadReader(html).jsonld]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


def test_editor_adds_a_correction_in_the_admin(admin_client, admin_user, story):
    at = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    data = change_data(
        story,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.CORRECTION,
            "corrections-0-text": "An earlier version gave the wrong township.",
            "corrections-0-published_at_0": timezone.localtime(at).strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": timezone.localtime(at).strftime("%H:%M:%S"),
        },
    )
    response = admin_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    assert story.updated_at == at  # the story's "Updated" time follows
    event = ArticleEvent.objects.get(action=ArticleEvent.Action.CORRECTED)
    assert event.user == admin_user and "wrong township" in event.detail


def test_correction_is_shown_dated_and_in_jsonld(client, story):
    at = timezone.now() - timedelta(minutes=10)
    corrections.add(
        article=story, kind=Correction.Kind.CORRECTION, text="We misspelt a name.", user=None, at=at
    )
    corrections.add(
        article=story, kind=Correction.Kind.UPDATE, text="Rescuers reached the village.", user=None
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "We misspelt a name." in html and "Rescuers reached the village." in html
    assert f'<time datetime="{timezone.localtime(at).isoformat()}"' in html
    story.refresh_from_db()
    assert "Updated" in html
    data = jsonld(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "We misspelt a name.",
            "datePublished": at.isoformat(),
        }
    ]
    assert data["dateModified"] == story.updated_at.isoformat()


def test_corrections_page_and_feed_list_only_published_stories_newest_first(client, section):
    live = ArticleFactory(primary_section=section, headline="Live story")
    hidden = ArticleFactory(
        primary_section=section, headline="Pulled story", status=Article.Status.UNPUBLISHED
    )
    older = corrections.add(
        article=live,
        kind=Correction.Kind.CORRECTION,
        text="Older <b>note</b>",
        user=None,
        at=timezone.now() - timedelta(days=1),
    )
    newer = corrections.add(article=live, kind=Correction.Kind.UPDATE, text="Newer note", user=None)
    corrections.add(article=hidden, kind=Correction.Kind.CORRECTION, text="Secret", user=None)

    html = client.get(reverse("articles:corrections")).content.decode()
    assert html.index("Newer note") < html.index("Older &lt;b&gt;note&lt;/b&gt;")
    assert "Secret" not in html and "Pulled story" not in html
    assert newer.get_absolute_url() in html

    feed = client.get(reverse("articles:corrections-feed")).content.decode()
    assert "Update: Live story" in feed and "Secret" not in feed
    assert f"#correction-{older.pk}</link>" in feed
    atom = client.get(reverse("articles:corrections-feed-atom"))
    assert atom.status_code == 200 and "Newer note" in atom.content.decode()


def test_unpublishing_keeps_the_corrections(story):
    note = corrections.add(
        article=story, kind=Correction.Kind.CORRECTION, text="Fixed a date.", user=None
    )
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert Correction.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("count", [2, 25])
def test_corrections_page_query_count_is_constant(
    client, section, count, django_assert_max_num_queries
):
    """Guards N+1 over each correction's story and its section."""
    for index in range(count):
        story = ArticleFactory(primary_section=section)
        corrections.add(
            article=story, kind=Correction.Kind.CORRECTION, text=f"Note {index}", user=None
        )
    with django_assert_max_num_queries(7):  # cold cache, sidebar lists included
        assert client.get(reverse("articles:corrections")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("articles:corrections-feed")).status_code == 200
