"""View counting under load, against a real gunicorn started by the test.

10,000 beacons from 10,000 visitors sent by 50 concurrent clients must add exactly
10,000, and one visitor reloading 100 times must add one: on PostgreSQL, through Redis
with `flush_views` running during the load, and (1,000 beacons) on SQLite with several
server processes and no "database is locked".
"""

import sqlite3
import subprocess
import sys
import threading

import pytest
from django.db import connection
from django.db.models import Sum

from articles.models import DailyViewCount
from articles.readership import services
from tests.articles.live_server import REPO, gunicorn, send_beacons, server_env
from tests.factories import ArticleFactory
from tests.processes import database_url

pytestmark = pytest.mark.slow

VISITORS = 10_000
CONCURRENCY = 50
RELOADS = 100

# A mark, not the `postgres_only` fixture: skipping before the transactional database
# is set up spares the SQLite pass a flush (which later serialized-rollback tests mind).
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (run with DATABASE_URL=…)"
)


def hammer(port: int, article_id: int, *, visitors: int) -> None:
    """`visitors` distinct visitors, then one visitor reloading `RELOADS` times."""
    path = f"/views/{article_id}/"
    statuses = send_beacons(port, path=path, total=visitors, concurrency=CONCURRENCY)
    assert statuses == {204: visitors}
    statuses = send_beacons(
        port, path=path, total=RELOADS, concurrency=CONCURRENCY, visitor=lambda n: "192.0.2.1"
    )
    assert statuses == {204: RELOADS}


def assert_counted(article, expected: int) -> None:
    article.refresh_from_db()
    assert article.view_count == expected
    daily = DailyViewCount.objects.filter(article=article).aggregate(total=Sum("count"))
    assert daily["total"] == expected


@needs_postgres
def test_postgres_counts_every_visitor_exactly_once(transactional_db, tmp_path):
    article = ArticleFactory()
    env = server_env(DATABASE_URL=database_url())
    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        hammer(port, article.pk, visitors=VISITORS)
    assert_counted(article, VISITORS + 1)
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


@needs_postgres
def test_redis_counts_exactly_with_flushes_during_the_load(
    transactional_db, redis_url, settings, tmp_path
):
    settings.REDIS_URL = redis_url
    article = ArticleFactory()
    env = server_env(DATABASE_URL=database_url(), REDIS_URL=redis_url)
    loading = threading.Event()
    flushed: list[int] = []

    def flush_while_loading():
        try:
            while loading.is_set():
                flushed.append(services.flush_views().views)
        finally:
            connection.close()

    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        loading.set()
        flusher = threading.Thread(target=flush_while_loading)
        flusher.start()
        try:
            hammer(port, article.pk, visitors=VISITORS)
        finally:
            loading.clear()
            flusher.join()
    services.flush_views()

    assert sum(1 for views in flushed if views) >= 2, "flushes must run during the load"
    assert services.pending_views() == 0
    assert_counted(article, VISITORS + 1)
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_sqlite_counts_exactly_across_processes_without_locking_errors(tmp_path):
    """The embedded default: WAL, IMMEDIATE transactions and a busy timeout let two
    server processes with eight threads each write without "database is locked"."""
    database = tmp_path / "views.sqlite3"
    env = server_env(DATABASE_URL=f"sqlite:///{database}")
    manage(env, "migrate", "--noinput", "-v0")
    pragmas = manage(
        env,
        "shell",
        "-c",
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA busy_timeout').fetchone()[0], connection.transaction_mode)\n"
        "from tests.factories import ArticleFactory\n"
        "print(ArticleFactory().pk)",
    ).split()
    assert pragmas[-4:-1] == ["wal", "20000", "IMMEDIATE"]
    article_id = int(pragmas[-1])

    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        hammer(port, article_id, visitors=1_000)

    with sqlite3.connect(database) as db:
        total = db.execute(
            "SELECT view_count FROM articles_article WHERE id = ?", [article_id]
        ).fetchone()[0]
        daily = db.execute(
            "SELECT SUM(count) FROM articles_dailyviewcount WHERE article_id = ?", [article_id]
        ).fetchone()[0]
    assert (total, daily) == (1_001, 1_001)
    log = (tmp_path / "gunicorn.log").read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
