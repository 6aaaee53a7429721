"""`/healthz` answers `ok` while the database and both caches work, and 503 naming
the part that does not — with real failures: a closed port, not a mocked check."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

REPO = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_caches(url: str) -> dict:
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "default": redis,
        "shared": {**redis, "KEY_PREFIX": "shared"},
        "ratelimit": {**redis, "KEY_PREFIX": "ratelimit"},
    }


@pytest.mark.django_db
def test_ok_while_database_and_caches_work(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ok_with_caches_in_redis(client, redis_url):
    with override_settings(CACHES=redis_caches(redis_url)):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_redis_down_is_503_naming_the_caches_only(client, caplog):
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache: failed\nshared cache: failed\n"
    assert "no-store" in response["Cache-Control"]
    # The reason is in the log for the operator, not in the answer.
    assert "Connection" in caplog.text


def test_database_down_is_503_naming_the_database():
    """A process whose DATABASE_URL points at a closed port (the shared cache is a
    table of that database without Redis, so it fails too)."""
    probe = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(json.dumps([r.status_code, r.content.decode(), r['Cache-Control']]))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/newsroom",
        "REDIS_URL": "",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    status, body, cache_control = json.loads(result.stdout.splitlines()[-1])
    assert status == 503
    assert body == "database: failed\nshared cache: failed\n"
    assert "no-store" in cache_control


@pytest.mark.django_db
def test_not_redirected_to_https(client, settings):
    """Load balancers probe over plain HTTP; a redirect would mark the server down."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_only_get(client):
    assert client.post("/healthz").status_code == 405
