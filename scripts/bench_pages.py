"""Benchmark the readers' pages: server time, SQL queries and weight per page.

Builds a demo newsroom (`seed_demo`) in a scratch database, then requests the home,
a section, an article, a tag and an author page in-process with Django's test client
(no network, no app server): first with empty caches (every widget and the section
tree rebuilt), then warm. Prints the median and 95th-percentile server time, the
number of SQL queries and the HTML size, raw and gzip-compressed.

    .venv/bin/python scripts/bench_pages.py [--database-url URL] [--articles 5000]
        [--requests 100]

Without --database-url a throwaway SQLite file is used; PostgreSQL example:
`--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_pages` (created
and dropped by the script's own test-database setup).
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=100)
    return parser.parse_args()


def pick_pages():
    from articles.models import Article, Author
    from sections.models import Section

    article = Article.objects.published().select_related("primary_section").first()
    # The article's top-level section: its page lists every story below it too.
    section = ([*Section.objects.tree().ancestors(article.primary_section)] or [None])[0]
    section = section or article.primary_section
    tag = article.tags.first()
    author = Author.objects.filter(articles__isnull=False).first()
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
    }


def measure(client, url, *, requests, cold):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, body = [], 0, b""
    for _ in range(requests):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, body = len(captured), response.content
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": queries,
        "html": len(body),
        "gzip": len(gzip.compress(body, 6)),
    }


def main():
    args = parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-pages-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    # Plain static storage: the manifest storage would need collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # As in production: DEBUG off, and none of the test environment's instrumented
    # template rendering (which copies every template's context for the test client
    # and made pages look several milliseconds slower than they are).
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.monotonic()
        call_command("seed_demo", articles=args.articles, verbosity=0)
        # Planner statistics, as autovacuum (PostgreSQL) or `ANALYZE` would keep them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"{args.articles} demo articles on {settings.DATABASES['default']['ENGINE']} "
            f"in {time.monotonic() - started:.0f}s; {args.requests} requests per row; "
            f"{os.cpu_count()} CPUs"
        )
        client = Client()
        pages = pick_pages()
        header = f"{'page':<8} {'cache':<5} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} "
        print(header + f"{'HTML kB':>8} {'gzip kB':>8}")
        print("-" * (len(header) + 17))
        for name, url in pages.items():
            for cold in (True, False):
                client.get(url)  # warm up templates and, for the warm row, caches
                row = measure(client, url, requests=args.requests, cold=cold)
                print(
                    f"{name:<8} {'cold' if cold else 'warm':<5} {row['p50']:>7.1f} "
                    f"{row['p95']:>7.1f} {row['queries']:>7} {row['html'] / 1024:>8.1f} "
                    f"{row['gzip'] / 1024:>8.1f}"
                )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
