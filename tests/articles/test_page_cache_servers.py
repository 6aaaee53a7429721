"""Several app servers sharing PostgreSQL and Redis: a change made anywhere leaves
every server's kept pages at once (articles/page_cache.py)."""

import os
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.parallel import free_ports
from tests.tools import ON_CI

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connections["default"].settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def app_servers(postgres_only, tmp_path):
    """Two gunicorn servers on this test's database and Redis, as two machines would be."""
    if not settings.REDIS_URL:
        if ON_CI:
            pytest.fail("CI=true: the PostgreSQL run needs REDIS_URL (.ci/run sets it)")
        pytest.skip("needs REDIS_URL")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "PAGE_CACHE_SECONDS": "300",
    }
    ports = free_ports(range(18600, 18700), count=2)
    servers = []
    for port in ports:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",  # two servers would share its default path
        ]
        log = open(tmp_path / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 (closed below)
        servers.append((subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stderr=log), log))
    try:
        for port in ports:
            wait_until_serving(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process, log in servers:
            process.terminate()
            process.wait(timeout=10)
            log.close()


def wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["X-Page-Cache"], response.read().decode()


def test_a_change_on_one_machine_shows_on_every_other_at_once(app_servers):
    news = SectionFactory(name="News", slug="news")
    story = ArticleFactory(primary_section=news, headline="Curfew lifted")
    for server in app_servers:
        fetch(f"{server}/")
        state, html = fetch(f"{server}/")
        assert state == "hit" and "Curfew lifted" in html

    # A bulk change made in this process, as an editor's would be on a third machine.
    Article.objects.filter(pk=story.pk).update(headline="Curfew extended")
    for server in app_servers:
        state, html = fetch(f"{server}/")
        assert state == "miss"
        assert "Curfew extended" in html and "Curfew lifted" not in html

    ArticleFactory(primary_section=news, headline="Roads reopen")
    for server in app_servers:
        fetch(f"{server}/")
        state, html = fetch(f"{server}/")
        assert state == "hit" and "Roads reopen" in html
