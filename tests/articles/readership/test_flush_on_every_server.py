"""`flush_views` when every app server's timer runs it (docs/deploy.md, "Several app
servers"): runs at the same moment share the batches in Redis, and each batch reaches
the database once, with beacons arriving throughout.
"""

import re
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from articles.readership import counting, services
from tests.articles.live_server import gunicorn, send_beacons, server_env
from tests.articles.readership.test_view_counts_live import assert_counted, needs_postgres
from tests.factories import ArticleFactory
from tests.processes import database_url, finish, start_command

SERVERS = 3
VISITORS = 4_000
BATCH = 500
# Each server boots Django for every run; on a loaded CI machine two runs each can
# outlast 4,000 beacons, so the load goes on (to this limit) until they have happened.
LOAD_LIMIT_SECONDS = 180


def flushed_views(output: str) -> int:
    return int(re.search(r"Flushed (\d+) views", output).group(1))


@pytest.mark.slow
@needs_postgres
def test_flushes_on_every_server_during_the_load_lose_and_double_nothing(
    transactional_db, redis_url, settings, tmp_path
):
    """Each of three "servers" runs `manage.py flush_views` back to back while 16
    clients send beacons, until at least 4,000 beacons are sent and every server has
    finished two runs; the views the runs report and the counts in the database are
    exactly the beacons sent."""
    settings.REDIS_URL = redis_url
    article = ArticleFactory()
    env = server_env(DATABASE_URL=database_url(), REDIS_URL=redis_url)
    loading = threading.Event()
    reports: list[list[int]] = [[] for _ in range(SERVERS)]
    failures: list[BaseException] = []

    def timer_on_one_server(server: int):
        try:
            while loading.is_set():
                output = finish(start_command(env, "flush_views"))
                reports[server].append(flushed_views(output))
        except BaseException as error:  # surfaced in the test's own thread below
            failures.append(error)

    def every_server_ran_twice() -> bool:
        return all(len(runs) >= 2 for runs in reports)

    sent = 0
    statuses: Counter = Counter()
    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        loading.set()
        servers = [threading.Thread(target=timer_on_one_server, args=(n,)) for n in range(SERVERS)]
        for server in servers:
            server.start()
        deadline = time.monotonic() + LOAD_LIMIT_SECONDS
        try:
            while sent < VISITORS or not every_server_ran_twice():
                if failures or time.monotonic() > deadline:
                    break
                statuses += send_beacons(
                    port, path=f"/views/{article.pk}/", total=BATCH, first=sent, concurrency=16
                )
                sent += BATCH
        finally:
            loading.clear()
            for server in servers:
                server.join()
    assert not failures, failures
    assert every_server_ran_twice(), f"runs per server within the limit: {reports}"
    assert statuses == {204: sent}
    last = services.flush_views()

    flushed = [views for runs in reports for views in runs]
    assert sum(1 for views in flushed if views) >= 2, "flushes must run during the load"
    assert sum(flushed) + last.views == sent
    assert services.pending_views() == 0
    assert_counted(article, sent)
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


@needs_postgres
def test_runs_started_together_apply_each_waiting_batch_once(transactional_db, redis_url, settings):
    """Batches waiting in Redis (left by runs that died) and a live hash, flushed by
    three runs released at the same instant: between them they apply every batch once."""
    settings.REDIS_URL = redis_url
    articles = ArticleFactory.create_batch(3)
    redis = counting.redis_client()
    for number, article in enumerate(articles, start=1):
        for visitor in range(10 * number):
            services.record_view(article_id=article.pk, visitor=f"{number}-{visitor}")
        redis.rename(counting.redis_key("live"), counting.redis_key(f"flush:died-{number}"))
    services.record_view(article_id=articles[0].pk, visitor="after-the-crashes")
    start = threading.Barrier(SERVERS)
    results: list[services.FlushResult] = []

    def run():
        try:
            start.wait()
            results.append(services.flush_views())
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(SERVERS)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert len(results) == SERVERS
    assert sum(result.views for result in results) == 10 + 20 + 30 + 1
    assert sum(result.batches for result in results) == 4
    assert services.pending_views() == 0
    for article, expected in zip(articles, [11, 20, 30], strict=True):
        assert_counted(article, expected)
