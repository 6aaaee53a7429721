"""Partners' API keys: made here, stored as a hash, found by the key a request sends."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from api.models import ApiKey

PREFIX_LENGTH = 8
# `last_used_at` is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class InvalidKey(Exception):
    """A request sent a key that is unknown or switched off."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(api_key: ApiKey) -> str:
    """Give `api_key` (unsaved or saved) a new secret and save it; returns the secret,
    which is stored nowhere (only its hash)."""
    key = secrets.token_urlsafe(32)
    api_key.prefix = key[:PREFIX_LENGTH]
    api_key.key_hash = hash_key(key)
    api_key.save()
    return key


def sent_key(request) -> str | None:
    """The key in `Authorization: Bearer <key>` or `X-API-Key`, None without one."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def key_for(request) -> ApiKey | None:
    """The active key the request sent, None if it sent none (raises InvalidKey for a
    key that is unknown or inactive: a partner should hear that it is wrong)."""
    key = sent_key(request)
    if key is None:
        return None
    api_key = ApiKey.objects.filter(key_hash=hash_key(key), is_active=True).first()
    if api_key is None:
        raise InvalidKey
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
