"""Several app servers sharing PostgreSQL and Redis: a change made anywhere leaves
every server's kept pages at once (articles/page_cache.py)."""

import urllib.request
from contextlib import ExitStack

import pytest
from django.conf import settings

from articles.models import Article
from tests.articles.live_server import gunicorn, server_env
from tests.factories import ArticleFactory, SectionFactory
from tests.processes import database_url
from tests.tools import ON_CI

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_servers(postgres_only, tmp_path):
    """Two gunicorn servers on this test's database and Redis, as two machines would be."""
    if not settings.REDIS_URL:
        if ON_CI:
            pytest.fail("CI=true: the PostgreSQL run needs REDIS_URL (.ci/run sets it)")
        pytest.skip("needs REDIS_URL")
    env = server_env(
        DEBUG="true",  # static files unhashed: no collectstatic for the test
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        PAGE_CACHE_SECONDS="300",
    )
    with ExitStack() as servers:
        ports = [
            servers.enter_context(gunicorn(env, tmp_path / f"gunicorn-{n}.log", workers=1))
            for n in range(2)
        ]
        yield [f"http://127.0.0.1:{port}" for port in ports]


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
