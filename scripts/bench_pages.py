"""Benchmark the readers' pages: server time, SQL queries and weight per page.

Builds a demo newsroom (`seed_demo`) in a scratch database, then requests the home,
a section, an article, a tag and an author page, the Burmese edition's home, section
and a Burmese story (`/my/`), and the demo's photo essay (a 12-photo gallery),
in-process with Django's test client (no network, no app server): first with every
cache empty (`caches[…]` cleared, the shared one holding the content version
included: every widget, the section tree and the version rebuilt), then warm. Prints
the median and 95th-percentile server time, the number of SQL queries and the HTML
size, raw and gzip-compressed. `--all-pages`
adds every other public page (search, a static page, feeds, sitemaps, robots.txt,
the newsletter sign-up, corrections, "similar picks"); `--list-queries` prints the
SQL each page ran with every cache empty.

    .venv/bin/python scripts/bench_pages.py [--database-url URL] [--articles 5000]
        [--requests 100] [--all-pages] [--list-queries]

Set `REDIS_URL` to measure with Redis as the cache (no SQL for the shared cache).

Without --database-url a throwaway SQLite file is used; PostgreSQL example:
`--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_pages` (created
and dropped by the script's own test-database setup).
"""

import argparse
import gzip
import os
import re
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
    parser.add_argument("--all-pages", action="store_true", help="every public page type")
    parser.add_argument("--list-queries", action="store_true", help="print each cold page's SQL")
    return parser.parse_args()


def pick_pages(*, all_pages: bool):
    from django.contrib.flatpages.models import FlatPage
    from django.urls import reverse

    from articles.models import Article, Author
    from newsroom.page_urls import page_url
    from sections.models import Section

    stories = Article.objects.published().select_related("primary_section")
    # The newest plain story (the demo's photo essay, which has no tags, has its own row).
    article = stories.in_edition("en").exclude(kind=Article.Kind.PHOTO_ESSAY).first()
    burmese = stories.in_edition("my").first()
    # The article's top-level section: its page lists every story below it too.
    section = ([*Section.objects.tree().ancestors(article.primary_section)] or [None])[0]
    section = section or article.primary_section
    tag = article.tags.first()
    author = Author.objects.filter(articles__isnull=False).first()
    pages = {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        # The Burmese edition (/my/): its home, the same section, a Burmese story.
        "my-home": "/my/",
        "my-sect": page_url(section.path, language="my"),
    }
    if burmese is not None:  # a small demo may have drawn no Burmese headline
        pages["my-art"] = burmese.get_absolute_url()
    # The demo's photo essay: its body holds a 12-photo gallery (issue 13).
    essay = stories.filter(kind=Article.Kind.PHOTO_ESSAY).first()
    if essay is not None:
        pages["essay"] = essay.get_absolute_url()
    if all_pages:
        pages |= {
            "search": "/search/?q=junta",
            "static": FlatPage.objects.order_by("url").first().url,
            "feed": reverse("articles:feed"),
            "sec-feed": f"{section.get_absolute_url()}feed/",
            "tag-feed": reverse("articles:tag-feed", args=[tag.slug]),
            "auth-feed": reverse("articles:author-feed", args=[author.slug]),
            "sitemap": reverse("seo:sitemap"),
            "sm-arts": reverse("seo:sitemap-section", args=["articles"]),
            "sm-sect": reverse("seo:sitemap-section", args=["sections"]),
            "news-sm": reverse("seo:news-sitemap"),
            "robots": reverse("seo:robots"),
            "signup": reverse("newsletter:subscribe"),
            "correct": reverse("articles:corrections"),
            "similar": reverse("articles:similar", args=[article.pk]),
        }
    return pages


def empty_every_cache():
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


def measure(client, url, *, requests, cold):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, body = [], [], b""
    for _ in range(requests):
        if cold:
            empty_every_cache()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, body = captured.captured_queries, response.content
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
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
        pages = pick_pages(all_pages=args.all_pages)
        cache = "Redis" if settings.REDIS_URL else "local memory + database tables"
        print(f"caches: {cache}; cold = every cache emptied before each request")
        header = f"{'page':<9} {'cache':<5} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} "
        print(header + f"{'HTML kB':>8} {'gzip kB':>8}")
        print("-" * (len(header) + 17))
        cold_queries = {}
        for name, url in pages.items():
            for cold in (True, False):
                client.get(url)  # warm up templates and, for the warm row, caches
                row = measure(client, url, requests=args.requests, cold=cold)
                if cold:
                    cold_queries[name] = row["queries"]
                print(
                    f"{name:<9} {'cold' if cold else 'warm':<5} {row['p50']:>7.1f} "
                    f"{row['p95']:>7.1f} {len(row['queries']):>7} {row['html'] / 1024:>8.1f} "
                    f"{row['gzip'] / 1024:>8.1f}"
                )
        if args.list_queries:
            for name, queries in cold_queries.items():
                print(f"\n{name} ({pages[name]}), every cache empty: {len(queries)} queries")
                for query in queries:
                    # The column list says little; what is read from where says more.
                    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", query["sql"])
                    print(f"  {sql[:200]}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
