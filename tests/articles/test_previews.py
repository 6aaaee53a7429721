"""Editors' signed, expiring preview links."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.previews import SALT, preview_url
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse
from tests.signed import with_altered_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    section = SectionFactory(name="News", slug="news")
    return ArticleFactory(
        primary_section=section,
        headline="Embargoed investigation",
        status=Article.Status.DRAFT,
        publish_at=None,
        body="<p>First.</p><p>Second.</p>",
    )


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, timedelta(days=2)),  # scheduled
        (Article.Status.UNPUBLISHED, timedelta(days=-2)),
    ],
)
def test_a_preview_link_shows_a_story_in_any_state_to_anyone_with_the_link(
    client, draft, status, offset
):
    draft.status = status
    draft.publish_at = timezone.now() + offset if offset else None
    draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 404  # not public
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoed investigation" in html and "<p>First.</p>" in html
    assert 'class="preview-banner"' in html
    expected = {
        Article.Status.DRAFT: "Not scheduled yet",
        Article.Status.IN_REVIEW: "Not scheduled yet",
        Article.Status.PUBLISHED: "Scheduled for",
        Article.Status.UNPUBLISHED: "Published",
    }[status]
    assert parse(html).one(".story-dates").text.startswith(expected)


def test_previews_are_never_indexed_cached_or_counted(client, draft):
    response = client.get(preview_url(draft))
    html = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html and "application/ld+json" not in html
    assert reverse("articles:view-beacon", args=[draft.pk]) not in html
    # Nothing invites sharing the public URL, which is a 404 until the story is live.
    assert "facebook.com/sharer" not in html and draft.get_absolute_url() not in html


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "",
        "x" * 5000,
    ],
)
def test_junk_tokens_get_a_404(client, token):
    if not token:
        assert client.get("/preview//").status_code == 404
    else:
        assert client.get(reverse("articles:preview", args=[token])).status_code == 404


def test_a_tampered_token_gets_a_404(client, draft):
    url = preview_url(draft)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"article": draft.pk}, salt="another-salt", compress=True)
    assert client.get(reverse("articles:preview", args=[forged])).status_code == 404
    altered = with_altered_signature(token, chars=2)
    assert client.get(reverse("articles:preview", args=[altered])).status_code == 404


def test_an_expired_link_gets_a_404(client, draft, settings):
    url = preview_url(draft)
    assert client.get(url).status_code == 200
    settings.ARTICLE_PREVIEW_MAX_AGE = -1  # every token is now older than allowed
    assert client.get(url).status_code == 404


def test_a_token_for_a_deleted_story_gets_a_404(client, draft):
    url = preview_url(draft)
    draft.delete()
    assert client.get(url).status_code == 404


def test_a_token_with_a_foreign_payload_gets_a_404(client):
    token = signing.dumps({"article": "1; drop table"}, salt=SALT, compress=True)
    assert client.get(reverse("articles:preview", args=[token])).status_code == 404


def test_the_admin_offers_the_preview_link(admin_client, draft):
    html = admin_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()
    assert "Open the preview" in html and "/preview/" in html
