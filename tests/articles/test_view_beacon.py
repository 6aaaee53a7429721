"""The view beacon: what counts, what does not, and that nothing answers 500."""


import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import DailyViewCount
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0"


def beacon_url(article_id) -> str:
    return reverse("articles:view-beacon", kwargs={"article_id": article_id})


def views_of(article) -> tuple[int, int]:
    """(total on the article, today's daily row)."""
    article.refresh_from_db()
    today = DailyViewCount.objects.filter(article=article, day=timezone.localdate()).first()
    return article.view_count, today.count if today else 0


@pytest.fixture
def reader():
    return Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")


def test_post_beacon_counts_one_view_and_answers_204(reader):
    article = ArticleFactory()
    response = reader.post(beacon_url(article.pk))
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert views_of(article) == (1, 1)


def test_noscript_pixel_counts_and_answers_a_gif(reader):
    article = ArticleFactory()
    response = reader.get(beacon_url(article.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert views_of(article) == (1, 1)
