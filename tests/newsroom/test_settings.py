import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env) -> subprocess.CompletedProcess:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly rejects.
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = run_check(DEBUG="false", ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_with_a_secret_key_starts():
    result = run_check(
        DEBUG="false",
        SECRET_KEY="x" * 60 + "-a-long-random-production-key",
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "SECRET_KEY must be set" not in result.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" * 15 + "a-long-random-production-key",
    "ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "SECURE_PROXY_SSL": "true",
    "DATABASE_URL": "sqlite:////tmp/newsroom-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_check_deploy_without_a_warning():
    result = run_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_check_deploy_warns_when_https_is_not_configured():
    result = run_check(**{**PRODUCTION, "SITE_URL": "http://news.example.org"})
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


def test_development_defaults_are_sqlite_locmem_and_console_mail(settings):
    if os.environ.get("DATABASE_URL") or os.environ.get("REDIS_URL"):
        pytest.skip("only meaningful when nothing is configured")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_sqlite_connections_use_wal_and_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_migrations_match_the_models():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ensure_admin_creates_an_account_once_and_prints_the_login(db, settings):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert out.getvalue().count("Admin login: admin / newsroom-dev-admin") == 2


def test_ensure_admin_has_no_default_password_in_production(db, settings, monkeypatch):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("ensure_admin")
