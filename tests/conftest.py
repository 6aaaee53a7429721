import copy
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import translation

from tests.csp_watch import WatchedBrowser
from tests.parallel import redis_clashes, worker_redis_url
from tests.smtp import no_smtp_server, smtp_server, smtp_server_factory  # noqa: F401 - fixtures

ON_CI = os.environ.get("CI", "").lower() == "true"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/4")


def pytest_configure(config):
    """Refuse a run with a replica configured (the router would send tests' reads to
    it), or a parallel run whose workers would share a Redis database."""
    if django_settings.DATABASE_REPLICA_URL:
        raise pytest.UsageError(
            "Run the tests without DATABASE_REPLICA_URL: tests/newsroom/test_read_replica.py "
            "sets up the replica routing it checks (and a real replica on PostgreSQL)."
        )
    redis_urls = [REDIS_TEST_URL, django_settings.REDIS_URL]
    problems = redis_clashes(*[url for url in redis_urls if url])
    if problems:
        raise pytest.UsageError(
            "Each pytest-xdist worker needs its own Redis databases (REDIS_TEST_URL and "
            "REDIS_URL, numbered up from the ones given): "
            + "; ".join(problems)
            + ". Give lower database numbers, further apart, or run fewer workers (-n)."
        )


def pytest_collection_modifyitems(items):
    """Browser tests share one live server and one Chromium per worker: under
    `--dist loadgroup` one worker runs them all instead of each starting its own."""
    for item in items:
        if "browser" in item.fixturenames or "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A `replica` alias beside `default`, as `DATABASE_REPLICA_URL` adds: a test mirror
    of it, so a test that turns the replica router on (and lists the alias in
    `databases`) reads the same test database through a second connection."""
    default = django_settings.DATABASES["default"]
    django_settings.DATABASES["replica"] = {
        **copy.deepcopy(default),
        "TEST": {**default.get("TEST", {}), "MIRROR": "default"},
    }


@pytest.fixture(scope="session", autouse=True)
def _own_redis_cache_per_worker():
    """With REDIS_URL set, this worker's caches live in its own Redis database, since
    every test empties the cache (a Redis FLUSHDB) and must not empty another's."""
    base = django_settings.REDIS_URL
    if not base or worker_redis_url(base) == base:
        yield
        return
    url = worker_redis_url(base)
    caches = {
        alias: {**config, "LOCATION": url} if config.get("LOCATION") == base else config
        for alias, config in django_settings.CACHES.items()
    }
    with override_settings(REDIS_URL=url, CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test writes uploads to its own folder and starts with an empty cache.

    The whole-page cache is off, so a test sees what the view renders now (and its
    template context); tests/articles/test_page_cache.py switches it on
    (fixture `page_cache`) to test the cache itself."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_edition_outside_requests():
    """Each test starts in the default language, as a fresh process does: a request
    to another edition (/my/…) leaves its language active in the thread
    (LocaleMiddleware activates it and never resets it), and a later test's
    `reverse()` would otherwise build that edition's addresses."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test starts with nothing counted by a rate limit (sign-ups, comments,
    logins). With Redis the counters outlive a test; the database cache table is rolled
    back with the test's transaction (see `run_tasks` for transactional tests)."""
    if settings.CACHES["ratelimit"]["BACKEND"].endswith("RedisCache"):
        caches["ratelimit"].clear()


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on, as in production."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def postgres_only(db):
    """Skip on SQLite during development; on CI (CI=true) SQLite runs are told apart
    by `.ci/run`, which runs the suite on PostgreSQL as well, so a skip here is
    expected only on the SQLite pass."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


@pytest.fixture
def redis_url():
    """A real, empty Redis database for the test (`REDIS_TEST_URL`, default DB 4, plus
    the xdist worker's index), flushed before and after. Skipped when Redis is not
    running, except on CI (CI=true), where a missing Redis fails the test."""
    url = worker_redis_url(REDIS_TEST_URL)
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError as error:
        if ON_CI:
            pytest.fail(f"Redis is required on CI but {url} is unreachable: {error}")
        pytest.skip(f"needs Redis at {url}")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


# Playwright's sync API keeps an event loop in this thread; tests touch the database
# only before and between page loads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium(django_db_setup, live_server):
    """Debian's Chromium driven by Playwright. Missing on CI is a failure, not a skip.

    It starts after the live server so that it stops first: the browser's keep-alive
    connections must close while the server still shares the in-memory SQLite
    connection with its request threads."""
    if not os.path.exists(CHROMIUM):
        if ON_CI:
            pytest.fail(f"CI=true but {CHROMIUM} is missing (.ci/run installs it)")
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    """The browser for one test: it fails if a page broke our Content-Security-Policy
    (or a Permissions-Policy header did not parse), whatever else the test checked.
    A context opened with `bypass_csp=True` (axe's injection) is not held to it."""
    watched = WatchedBrowser(chromium)
    yield watched
    watched.close_contexts()  # delivers every event still on its way
    _wait_for_the_live_server()
    assert not watched.violations, "The page broke the security policy:\n" + "\n".join(
        watched.violations
    )


def _wait_for_the_live_server(timeout: float = 10) -> None:
    """Let the live server finish the requests a page started just before the test
    ended (a view beacon after the last page load). Otherwise the test's teardown
    flushes the in-memory SQLite database while a request thread still holds a table
    lock, and the flush fails ("database table is locked"). The server's request
    threads are socketserver's, named after `process_request_thread`."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script (npm, package.json). Missing on CI is a failure, not a skip."""
    if not AXE.exists():
        if ON_CI:
            pytest.fail("CI=true but axe-core is missing: run `npm ci` in the repository")
        pytest.skip("needs axe-core: run `npm ci` in the repository")
    return AXE.read_text()


def pytest_terminal_summary(terminalreporter):
    """Say loudly, not only in the skip count, that the browser tests did not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    browserless = [
        report for report in skipped if "needs Debian's chromium" in str(report.longrepr)
    ]
    if browserless:
        terminalreporter.write_sep("!", "BROWSER TESTS DID NOT RUN", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(browserless)} browser tests were skipped: {CHROMIUM} is missing. "
            "Install it with `apt-get install chromium` (CI installs it and fails without it).",
            red=True,
            bold=True,
        )


@pytest.fixture
def run_tasks(transactional_db):
    """Runs the background worker, `manage.py db_worker --batch`, over every task
    waiting in the database, as the worker beside the web server does moments after a
    request. The worker reads committed rows and manages its own connection, so tests
    that use it get a transactional database; as flushing it empties only the models'
    tables, the rate-limit counters in the database cache table are cleared here."""
    caches["ratelimit"].clear()
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)

    def run() -> None:
        handlers = {signum: signal.getsignal(signum) for signum in handled}
        try:
            call_command("db_worker", batch=True, startup_delay=False, reload=False)
        finally:
            for signum, handler in handlers.items():  # the worker installs its own
                signal.signal(signum, handler)

    return run
