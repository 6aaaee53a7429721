"""Reads from a read replica (newsroom/replica.py): anonymous readers' pages read from
it, everything else from the primary.

Most tests run on both databases through the test mirror of `default` that
tests/conftest.py adds as `replica`: the same rows over a second connection, so which
connection ran a query tells where the router sent it. Rows must be committed for the
second connection to see them, hence `transaction=True`. The last tests (PostgreSQL
only) build a real streaming replica and pause its replay.
"""

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import DatabaseError, connections, transaction
from django.test import Client
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.previews import preview_url
from newsroom.replica import (
    CHANGED_KEY,
    PrimaryReplicaRouter,
    ReplicaReadsMiddleware,
    current_reads,
    reads_from_primary,
)
from tests.articles.workflow.conftest import change_data
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse
from tests.newsroom.replica_cluster import ReplicaSetupError, StreamingReplica, wait_for
from tests.parallel import free_ports, port_block
from tests.tools import ON_CI

ROOT = Path(__file__).resolve().parents[2]
MIDDLEWARE = "newsroom.replica.ReplicaReadsMiddleware"

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_routing(settings):
    """What settings.py adds with DATABASE_REPLICA_URL: the router, and the middleware
    right after AuthenticationMiddleware. No grace window after a change (each test
    makes its stories just before reading them), except where a test sets one."""
    settings.DATABASE_ROUTERS = ["newsroom.replica.PrimaryReplicaRouter"]
    settings.DATABASE_REPLICA_GRACE_SECONDS = 0
    auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: auth + 1],
        MIDDLEWARE,
        *settings.MIDDLEWARE[auth + 1 :],
    ]


@pytest.fixture
def story():
    section = SectionFactory(name="News", slug="news")
    return ArticleFactory(primary_section=section, headline="Rice prices climb", tags=["Rice"])


def article_reads(send) -> set[str]:
    """The databases that read the articles table while `send()` ran."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = send()
    assert response.status_code < 400, response.status_code
    return {
        alias
        for alias, queries in (("default", primary), ("replica", replica))
        if any('"articles_article"' in query["sql"] for query in queries)
    }


def replica_queries(send) -> list[str]:
    """The SQL the replica ran while `send()` ran."""
    with CaptureQueriesContext(connections["replica"]) as replica:
        send()
    return [query["sql"] for query in replica]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/{slug}/",
        "/tag/rice/",
        "/feed/",
        "/news/feed/",
        "/news-sitemap.xml",
        "/sitemap-articles.xml",
        "/search/?q=rice",
        "/search/suggest/?q=ric",
    ],
)
def test_anonymous_readers_pages_read_from_the_replica(client, story, url):
    """The first view also fills caches, from the primary; the next reads only the
    replica."""
    url = url.format(slug=story.slug)
    assert client.get(url).status_code == 200
    assert article_reads(lambda: client.get(url)) == {"replica"}


def test_a_head_request_reads_from_the_replica(client, story):
    client.get(story.get_absolute_url())
    assert article_reads(lambda: client.head(story.get_absolute_url())) == {"replica"}


def test_logged_in_staff_read_the_public_pages_from_the_primary(story):
    editor = Client()
    editor.force_login(User.objects.create_user("editor", is_staff=True))
    assert article_reads(lambda: editor.get(story.get_absolute_url())) == {"default"}
    assert article_reads(lambda: editor.get("/")) == {"default"}


def test_the_admin_previews_posts_and_newsletter_links_never_touch_the_replica(client, story):
    admin = Client()
    admin.force_login(User.objects.create_user("boss", is_staff=True, is_superuser=True))
    draft = ArticleFactory(primary_section=story.primary_section, status=Article.Status.DRAFT)
    beacon = reverse("articles:view-beacon", args=[story.pk])
    requests = {
        "admin": lambda: admin.get(reverse("admin:articles_article_changelist")),
        "preview": lambda: client.get(preview_url(draft)),
        "beacon POST": lambda: client.post(beacon),
        "beacon pixel": lambda: client.get(beacon),
        "sign-up POST": lambda: client.post(reverse("newsletter:subscribe"), {"email": "x@y.z"}),
        "confirm link": lambda: client.get(reverse("newsletter:confirm", args=["bad-token"])),
    }
    for name, send in requests.items():
        assert replica_queries(send) == [], name


def test_a_request_reads_from_the_primary_once_it_has_written():
    request = RequestFactory().get("/")

    def view(request):
        current_reads().replica_allowed = True  # as for a readers' page
        before = Article.objects.all().db
        SectionFactory()
        return before, Article.objects.all().db

    assert ReplicaReadsMiddleware(view)(request) == ("replica", "default")


def test_reads_inside_a_transaction_use_the_primary():
    def view(request):
        current_reads().replica_allowed = True
        with transaction.atomic():
            return Article.objects.all().db

    assert ReplicaReadsMiddleware(view)(RequestFactory().get("/")) == "default"


def test_what_a_request_caches_it_reads_from_the_primary():
    def view(request):
        current_reads().replica_allowed = True
        with reads_from_primary():
            filling = Article.objects.all().db
        return filling, Article.objects.all().db

    assert ReplicaReadsMiddleware(view)(RequestFactory().get("/")) == ("default", "replica")


def test_anonymous_cache_fills_read_from_the_primary(client, story):
    """What a reader's page caches for everyone (here Most Read's ranking, the
    footer's page links, the story's lists with its row) comes from the primary; the
    story itself, once those are cached, from the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert client.get(story.get_absolute_url()).status_code == 200
    for cached in ('"articles_dailyviewcount"', '"django_flatpage"'):
        assert any(cached in query["sql"] for query in primary), cached
        assert not any(cached in query["sql"] for query in replica), cached
    read = replica_queries(lambda: client.get(story.get_absolute_url()))
    assert any('"articles_article"."body"' in sql for sql in read)


def test_reads_outside_a_request_use_the_primary():
    """Management commands (send_newsletter, flush_views), migrations, threads."""
    assert current_reads() is None
    assert Article.objects.all().db == "default"
    ReplicaReadsMiddleware(lambda request: None)(RequestFactory().get("/"))
    assert current_reads() is None


def test_each_thread_has_its_own_choice():
    """No module-level state: a request allowed the replica in one thread leaves
    another thread's request on the primary."""
    both_inside = threading.Barrier(2, timeout=10)
    seen = {}

    def serve(name, allowed):
        def view(request):
            current_reads().replica_allowed = allowed
            both_inside.wait()
            seen[name] = Article.objects.all().db
            both_inside.wait()

        ReplicaReadsMiddleware(view)(RequestFactory().get("/"))

    threads = [
        threading.Thread(target=serve, args=("reader", True)),
        threading.Thread(target=serve, args=("editor", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"reader": "replica", "editor": "default"}


def test_database_caches_read_what_they_wrote_on_the_primary():
    """The shared content version and rate-limit counters (database caches without
    Redis) must see their own latest write, never a lagging copy."""
    entry = BaseDatabaseCache("newsroom_shared_cache", {}).cache_model_class

    def view(request):
        current_reads().replica_allowed = True
        return PrimaryReplicaRouter().db_for_read(entry), Article.objects.all().db

    assert ReplicaReadsMiddleware(view)(RequestFactory().get("/")) == ("default", "replica")


def test_writes_and_migrations_go_to_the_primary_and_rows_relate_across_both(story):
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False
    read_on_replica = Article.objects.using("replica").get(pk=story.pk)
    assert router.allow_relation(read_on_replica, story.primary_section) is True


@pytest.fixture
def unreachable_replica():
    """The replica alias pointed where nothing answers: a closed port on PostgreSQL, a
    folder that does not exist on SQLite."""
    replica = connections["replica"]
    original = dict(replica.settings_dict)
    if replica.vendor == "postgresql":
        replica.settings_dict["PORT"] = free_ports(port_block(8940, 5))[0]
    else:
        replica.settings_dict["NAME"] = "/nonexistent-newsroom-replica/db.sqlite3"
    # After the change: Django keeps an in-memory SQLite connection open on close().
    replica.close()
    yield
    replica.close()
    replica.settings_dict.update(original)


def test_readers_are_served_from_the_primary_while_the_replica_is_down(
    client, story, unreachable_replica, caplog
):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Rice prices climb" in response.content.decode()
    assert "Read replica unavailable, reading from the primary" in caplog.text


def settings_in_subprocess(**env) -> subprocess.CompletedProcess:
    """settings.py as a fresh process reads it from the environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([sorted(s.DATABASES), s.DATABASES.get('replica', {}).get('TEST'), "
        "s.DATABASE_ROUTERS, s.MIDDLEWARE]))"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db(databases=[])
def test_database_replica_url_adds_the_replica_its_router_and_middleware():
    result = settings_in_subprocess(
        DATABASE_URL="postgres://newsroom@db1.internal/newsroom",
        DATABASE_REPLICA_URL="postgres://newsroom@db2.internal/newsroom",
    )
    assert result.returncode == 0, result.stderr
    aliases, replica_test, routers, middleware = json.loads(result.stdout)
    assert aliases == ["default", "replica"]
    assert replica_test["MIRROR"] == "default"
    assert routers == ["newsroom.replica.PrimaryReplicaRouter"]
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == MIDDLEWARE


@pytest.mark.django_db(databases=[])
def test_without_database_replica_url_nothing_changes():
    result = settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    aliases, _, routers, middleware = json.loads(result.stdout)
    assert (aliases, routers) == (["default"], [])
    assert MIDDLEWARE not in middleware


@pytest.mark.django_db(databases=[])
def test_a_replica_of_sqlite_is_refused():
    result = settings_in_subprocess(DATABASE_REPLICA_URL="sqlite:////tmp/copy.sqlite3")
    assert result.returncode != 0
    assert "both must be postgres:// URLs" in result.stderr


# --- A real streaming replica (PostgreSQL) ---------------------------------------


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup, django_db_blocker):
    """A streaming replica of the test server, made once for this module's tests, with
    the `replica` alias pointed at its copy of the test database. Missing PostgreSQL
    skips; a replica that cannot be made fails under CI=true and skips elsewhere."""
    primary = connections["default"]
    if primary.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    with django_db_blocker.unblock(), primary.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            [list(StreamingReplica.MATCH_PRIMARY)],
        )
        primary_settings = dict(cursor.fetchall())
        major_version = primary.pg_version // 10000
    replica = StreamingReplica(
        primary=primary.settings_dict,
        major_version=major_version,
        primary_settings=primary_settings,
    )
    try:
        replica.start()
    except ReplicaSetupError as error:
        replica.remove()
        message = f"could not make a streaming replica: {error}"
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    alias = connections["replica"]
    original = dict(alias.settings_dict)
    alias.close()
    alias.settings_dict.update(HOST="127.0.0.1", PORT=replica.port)
    try:
        yield replica
    finally:
        alias.close()
        alias.settings_dict.update(original)
        replica.remove()


def primary_lsn() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def on_replica(sql: str, params=()):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def catch_up(replica: StreamingReplica) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    target = primary_lsn()
    try:
        wait_for(
            lambda: on_replica(
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", [target]
            ),
            seconds=120,
            what=f"the replica to replay up to {target}",
        )
    except AssertionError as error:
        replayed = on_replica("SELECT pg_last_wal_replay_lsn()::text")
        raise AssertionError(
            f"{error} (replayed: {replayed}); the replica's log:\n{replica.log_tail()}"
        ) from None


def headline(client, story) -> str:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content).one("h1.story-headline").text


def signed_in_editor(username: str) -> Client:
    editor = Client()
    editor.force_login(User.objects.create_user(username, is_staff=True, is_superuser=True))
    return editor


@contextmanager
def replay_paused():
    """The replica stops replaying the primary's changes inside the block."""
    on_replica("SELECT pg_wal_replay_pause()")
    try:
        wait_for(
            lambda: on_replica("SELECT pg_get_wal_replay_pause_state()") == "paused",
            what="the replica to pause",
        )
        yield
    finally:
        on_replica("SELECT pg_wal_replay_resume()")


def save_in_the_admin(editor: Client, story, **changes) -> None:
    change = reverse("admin:articles_article_change", args=[story.pk])
    assert editor.post(change, change_data(story, **changes)).status_code == 302


@pytest.mark.xdist_group("replica")
def test_an_editors_save_shows_to_them_at_once_and_to_readers_once_replayed(
    streaming_replica, client, story, settings
):
    settings.DATABASE_REPLICA_GRACE_SECONDS = 1
    editor = signed_in_editor("boss")
    catch_up(streaming_replica)
    assert on_replica("SELECT pg_is_in_recovery()") is True
    assert headline(client, story) == "Rice prices climb"

    with replay_paused():
        save_in_the_admin(editor, story, headline="Rice prices fall at last")
        # The editor reads from the primary: the story as they just saved it.
        assert headline(editor, story) == "Rice prices fall at last"
        # For a moment after the save every reader reads from the primary, so what
        # the first reader's page caches for everyone (the sidebar, the story's
        # lists) is as new as the save, or the old headline would stay there …
        page = client.get(story.get_absolute_url())
        assert parse(page.content).one("h1.story-headline").text == "Rice prices fall at last"
        sidebar = [link.text for link in parse(page.content).all("aside a")]
        assert "Rice prices fall at last" in sidebar
        assert "Rice prices climb" not in sidebar
        # … then from the paused replica: the story's own row as it was there.
        time.sleep(settings.DATABASE_REPLICA_GRACE_SECONDS)
        page = client.get(story.get_absolute_url())
        assert parse(page.content).one("h1.story-headline").text == "Rice prices climb"
        assert "Rice prices fall at last" in [
            link.text for link in parse(page.content).all("aside a")
        ]

    catch_up(streaming_replica)
    assert headline(client, story) == "Rice prices fall at last"


@pytest.mark.xdist_group("replica")
def test_a_readers_writes_go_to_the_primary_while_the_replica_is_read_only(
    streaming_replica, client, story
):
    """The view beacon writes (a reader's POST): it runs on the primary, since the
    replica refuses every write."""
    catch_up(streaming_replica)
    with pytest.raises(DatabaseError, match="read-only transaction"):
        on_replica("CREATE TABLE replica_write_probe (id int)")
    beacon = reverse("articles:view-beacon", args=[story.pk])
    assert client.post(beacon).status_code == 204
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.usefixtures("page_cache")
def test_kept_pages_are_built_from_the_primary_and_checked_on_the_replica(client, story):
    """A kept page outlives its request, like any cache fill; serving it again asks
    the replica whether its stories are still published."""
    url = story.get_absolute_url()
    assert article_reads(lambda: client.get(url)) == {"default"}
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert article_reads(lambda: client.get(url)) == {"replica"}


@pytest.mark.xdist_group("replica")
@pytest.mark.usefixtures("page_cache")
def test_a_kept_page_shows_an_editors_save_at_once_while_the_replica_lags(
    streaming_replica, client, story
):
    editor = signed_in_editor("chief")
    catch_up(streaming_replica)
    assert headline(client, story) == "Rice prices climb"
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"

    with replay_paused():
        save_in_the_admin(editor, story, headline="Rice prices fall at last")
        # The save set a new content version; the page is built again, from the
        # primary, though the replica has not replayed the save yet.
        assert headline(client, story) == "Rice prices fall at last"
        assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_for_a_moment_after_a_change_readers_read_from_the_primary(client, story, settings):
    """Whatever a reader's page caches under the change's new version is then built
    from rows at least as new as the change, in every process."""
    settings.DATABASE_REPLICA_GRACE_SECONDS = 30
    story.headline = "Rice prices fall"
    story.save()
    assert article_reads(lambda: client.get("/news/")) == {"default"}
    caches["shared"].delete(CHANGED_KEY)  # the window is over
    assert "replica" in article_reads(lambda: client.get("/news/"))


def test_a_database_cache_tidying_an_expired_key_does_not_pin_the_request(client, story, settings):
    """Without Redis, reading an expired key deletes it: a cache's write, not content's."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "newsroom.cache.OneStatementAddDatabaseCache",
            "LOCATION": "newsroom_shared_cache",
        },
    }
    assert isinstance(caches["shared"], BaseDatabaseCache)
    url = story.get_absolute_url()
    client.get(url)
    caches["shared"].set(CHANGED_KEY, 0, timeout=0.01)
    time.sleep(0.05)
    assert article_reads(lambda: client.get(url)) == {"replica"}
