"""Keys, rate limits and caching headers around every endpoint."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.keys import hash_key, issue_key
from api.models import ApiKey
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_list_carries_an_etag_and_a_public_cache_lifetime(client, settings):
    settings.API_CACHE_SECONDS = 90
    ArticleFactory()
    response = client.get("/api/v1/stories")
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 66
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=90"}
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_the_cache_lifetime_ends_when_a_scheduled_story_goes_live(client, settings):
    settings.API_CACHE_SECONDS = 600
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=30))
    max_age = client.get("/api/v1/stories")["Cache-Control"].split("max-age=")[1]
    assert 0 <= int(max_age) <= 30


def test_a_matching_if_none_match_is_answered_304(client):
    story = ArticleFactory()
    etag = client.get(f"/api/v1/stories/{story.pk}")["ETag"]
    again = client.get(f"/api/v1/stories/{story.pk}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag and again.content == b""


def test_the_etag_changes_with_the_content(client):
    story = ArticleFactory(headline="First words")
    etag = client.get(f"/api/v1/stories/{story.pk}")["ETag"]
    story.headline = "Second words"
    story.save()
    changed = client.get(f"/api/v1/stories/{story.pk}", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_errors_are_not_cached(client):
    response = client.get("/api/v1/stories/12345")
    assert response.status_code == 404
    assert "ETag" not in response.headers
    assert "public" not in response.get("Cache-Control", "")


def test_anonymous_clients_are_limited_per_address(client, settings):
    settings.API_RATE_ANONYMOUS = "3/h"  # an hour: no window ends mid-test
    answers = [client.get("/api/v1/sections").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/sections")
    assert limited.json() == {"detail": "Too many requests. Try again after Retry-After seconds."}
    assert int(limited["Retry-After"]) >= 1
    other = client.get("/api/v1/sections", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_a_partner_key_gets_the_higher_limit(client, settings, partner_key, header):
    settings.API_RATE_ANONYMOUS = "2/h"
    settings.API_RATE_PARTNER = "5/h"
    value = f"Bearer {partner_key}" if header == "Authorization" else partner_key
    answers = [
        client.get("/api/v1/sections", headers={header: value}).status_code for _ in range(6)
    ]
    assert answers == [200] * 5 + [429]
    assert ApiKey.objects.get().last_used_at is not None


def test_a_wrong_or_inactive_key_is_401_not_anonymous(client, partner_key):
    for key in ["not-a-key", partner_key]:
        if key == partner_key:
            ApiKey.objects.update(is_active=False)
        response = client.get("/api/v1/stories", headers={"X-API-Key": key})
        assert response.status_code == 401
        assert response.json() == {"detail": "Unknown or inactive API key."}
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_only_the_hash_of_a_key_is_stored():
    api_key = ApiKey(name="Wire")
    key = issue_key(api_key)
    stored = ApiKey.objects.get()
    assert stored.key_hash == hash_key(key) and key not in stored.key_hash
    assert stored.prefix == key[:8]
