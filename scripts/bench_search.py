"""Benchmark search on PostgreSQL with 10,000 seeded articles.

Migrates a dedicated database, seeds it with `seed_demo --articles N` when it holds
fewer articles (the seeder fills the search vectors), then calls the search view and
the suggest view in-process (RequestFactory, no HTTP server) for 20 typical queries,
several rounds each, and prints the median and p99 time spent inside the view — query
parsing, the ranked SQL, the count, snippets and template rendering included.

    .venv/bin/python scripts/bench_search.py [--articles 10000] [--rounds 10] [--reindex]

Uses BENCH_DATABASE_URL (default: database newsroom_bench_search on the local
PostgreSQL), created if missing. A `sqlite:///…` URL measures the SQLite (FTS5) path
instead; there "SQL" counts statement execution only, not fetching the rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_search"
)

QUERIES = [
    "junta",
    "airstrikes",
    "Yangon",
    "rice prices",
    '"martial law"',
    "refugees Thailand",
    "conscription -students",
    "Mandalay or Sagaing",
    "ceasefire talks",
    "kyat",
    "election plan",
    "internet shutdown",
    "jade miners Hpakant",
    "teachers strike",
    "floods",
    "ရန်ကုန်",
    "ဆန်ဈေး",
    "စစ်ကောင်စီ",
    "border trade",
    "famine risk",
]
SUGGEST_QUERIES = ["jun", "airst", "yang", "rice pr", "ceasef", "ရန်ကု", "border tr", "fam"]


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class SqlTimer:
    """Adds up the time spent in database calls (a connection execute wrapper)."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - started


def time_view(view, factory, url, params, rounds) -> tuple[list[float], list[float]]:
    """(total ms, SQL ms) for each of `rounds` calls of `view`."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    totals, sql = [], []
    for _ in range(rounds):
        request = factory.get(url, params)
        request.user = AnonymousUser()
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = view(request)
            totals.append((time.perf_counter() - started) * 1000)
        sql.append(timer.total * 1000)
        assert response.status_code == 200, (params, response.status_code)
    return totals, sql


def report(name: str, samples: list[float], sql: list[float]) -> None:
    print(
        f"\n{name}: {len(samples)} requests, p50 {statistics.median(samples):.1f} ms,"
        f" p99 {percentile(samples, 0.99):.1f} ms, max {max(samples):.1f} ms"
        f" (of which SQL: p50 {statistics.median(sql):.1f} ms, p99 {percentile(sql, 0.99):.1f} ms)"
    )


def fully_indexed(connection, article_model, search) -> bool:
    if connection.vendor == "postgresql":
        return not article_model.objects.filter(rank_vector__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.sqlite.FTS_TABLE}")
        return cursor.fetchone()[0] >= article_model.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--reindex", action="store_true", help="Rebuild every search vector.")
    args = parser.parse_args()

    on_sqlite = DATABASE_URL.startswith("sqlite:")
    if not on_sqlite:
        ensure_database(DATABASE_URL)
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.urls import reverse

    from articles import search
    from articles.models import Article
    from articles.search import views as search_views

    call_command("migrate", verbosity=0)
    existing = Article.objects.count()
    if existing < args.articles:
        print(f"Seeding {args.articles - existing} articles…", flush=True)
        started = time.monotonic()
        call_command("seed_demo", articles=args.articles - existing, verbosity=0)
        print(f"  seeded in {time.monotonic() - started:.0f}s")
    if args.reindex or not fully_indexed(connection, Article, search):
        print("Building the search index…", flush=True)
        started = time.monotonic()
        search.rebuild_index()
        print(f"  {Article.objects.count()} articles indexed in {time.monotonic() - started:.0f}s")
    with connection.cursor() as cursor:
        if on_sqlite:
            cursor.execute("ANALYZE")
        else:
            # What autovacuum does on a live site: clear the dead rows of the bulk
            # writes, merge the GIN index's pending list, refresh the statistics.
            cursor.execute("VACUUM ANALYZE articles_article")

    published = Article.objects.published().count()
    factory = RequestFactory()
    url = reverse("articles:search")
    engine = "SQLite (FTS5)" if on_sqlite else f"PostgreSQL {connection.pg_version // 10000}"
    print(f"\n{engine}, {Article.objects.count()} articles")
    print(f"({published} published), {args.rounds} rounds per query, times inside the view")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")
    print(f"{'query':<26} {'matches':>8} {'p50 ms':>8} {'max ms':>8} {'SQL p50':>8}")
    everything, everything_sql = [], []
    for query in QUERIES:
        time_view(search_views.search_page, factory, url, {"q": query}, 1)  # warm up
        samples, sql = time_view(search_views.search_page, factory, url, {"q": query}, args.rounds)
        matches = search.search_articles(Article.objects.published(), search.parse_query(query))
        everything += samples
        everything_sql += sql
        print(
            f"{query:<26} {matches.count():>8} {statistics.median(samples):>8.1f}"
            f" {max(samples):>8.1f} {statistics.median(sql):>8.1f}"
        )
    report("search page", everything, everything_sql)
    suggest_url = reverse("articles:suggest")
    suggestions, suggestions_sql = [], []
    for query in SUGGEST_QUERIES:
        time_view(search_views.suggest, factory, suggest_url, {"q": query}, 1)
        samples, sql = time_view(
            search_views.suggest, factory, suggest_url, {"q": query}, args.rounds
        )
        suggestions += samples
        suggestions_sql += sql
    report("suggest", suggestions, suggestions_sql)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if on_sqlite:
        return
    sql, params = search.search_articles(
        Article.objects.published(), search.parse_query("jade miners")
    )[:20].query.sql_with_params()
    with search.planner_hints(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    uses_gin = "article_search_vector_gin" in plan
    print(f"\nplan for 'jade miners' uses the GIN index: {'yes' if uses_gin else 'NO'}")


if __name__ == "__main__":
    main()
