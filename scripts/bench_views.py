"""Benchmark the view beacon: wrk against gunicorn on PostgreSQL, on Redis, on SQLite.

For each backend: migrate a database, create one published article, start gunicorn,
let wrk POST beacons from a new visitor each time (a unique X-Forwarded-For, trusted
by the server), and compare what wrk saw answered with what reached the database.
With Redis, `flush_views` runs every second during the load, and once at the end.

Prints beacons/s, p50/p99 latency and lost increments (answered 204 but never
counted). Beacons still in flight when wrk stops may be counted without wrk having
seen the answer; they are reported as "in flight", never as lost.

    .venv/bin/python scripts/bench_views.py [--backend postgres redis sqlite]
        [--duration 15] [--connections 50] [--workers 2] [--threads 8]

Needs `wrk` (Debian package `wrk`), PostgreSQL at BENCH_DATABASE_URL and Redis at
BENCH_REDIS_URL (defaults: database newsroom_bench_views, Redis DB 3).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchlib import BEACON_WRK_SCRIPT, ensure_database, parse_wrk, wrk_command  # noqa: E402

from tests.articles.live_server import gunicorn  # noqa: E402

PYTHON = sys.executable
POSTGRES_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_views"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

CREATE_ARTICLE = """
import uuid
from tests.factories import ArticleFactory
print(ArticleFactory(slug=f"bench-{uuid.uuid4().hex}").pk)
"""

COUNTS = """
from django.db.models import Sum
from articles.models import Article, DailyViewCount
article = Article.objects.get(pk={pk})
daily = DailyViewCount.objects.filter(article=article).aggregate(total=Sum("count"))["total"]
print(article.view_count, daily or 0)
"""

FLUSH_LOOP = """
import time
from articles.readership.services import flush_views
while True:
    flush_views()
    time.sleep(1)
"""


def manage(env, *args) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout


def backend_env(backend: str, workdir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-secret-key-not-for-production-use-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        ensure_database(POSTGRES_URL)
        env["DATABASE_URL"] = POSTGRES_URL
    if backend == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        env["REDIS_URL"] = REDIS_URL
    return env


def bench(backend: str, args, workdir: Path) -> dict[str, float]:
    env = backend_env(backend, workdir)
    manage(env, "migrate", "--noinput", "-v0")
    article_id = int(
        manage(
            env,
            "shell",
            "-c",
            CREATE_ARTICLE,
        ).split()[-1]
    )
    script = workdir / "beacon.lua"
    script.write_text(BEACON_WRK_SCRIPT)
    flusher = None
    with gunicorn(
        env, workdir / f"{backend}.log", workers=args.workers, threads=args.threads
    ) as port:
        if backend == "redis":
            flusher = subprocess.Popen(
                [PYTHON, "manage.py", "shell", "-c", FLUSH_LOOP],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        started = time.monotonic()
        wrk = subprocess.run(
            wrk_command(
                f"http://127.0.0.1:{port}/views/{article_id}/",
                args.duration,
                script=script,
                threads=args.wrk_threads,
                connections=args.connections,
            ),
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.monotonic() - started
        time.sleep(1)  # let the beacons in flight when wrk stopped finish
    if flusher is not None:
        flusher.terminate()
        flusher.wait()
        manage(env, "flush_views", "-v0")
    total, daily = (
        int(n) for n in manage(env, "shell", "-c", COUNTS.format(pk=article_id)).split()[-2:]
    )
    if args.verbose:
        print(wrk.stdout)
    result = parse_wrk(wrk.stdout)
    result.update(
        backend=backend,
        seconds=elapsed,
        counted=total,
        daily=daily,
        answered=result["requests"] - result["non_2xx"],
    )
    result.update(
        lost=max(0, result["answered"] - total) + abs(total - daily),
        in_flight=max(0, total - result["answered"]),
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend",
        nargs="+",
        default=["postgres", "redis", "sqlite"],
        choices=["postgres", "redis", "sqlite"],
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per backend")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--verbose", action="store_true", help="print wrk's own report")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    print(
        f"wrk: {args.connections} connections, {args.duration}s per backend; gunicorn "
        f"gthread {args.workers} workers x {args.threads} threads; {os.cpu_count()} CPUs"
    )
    columns = ["backend", "beacons/s", "p50 ms", "p99 ms", "answered", "counted", "lost"]
    header = f"{columns[0]:<9}" + "".join(f"{name:>10}" for name in columns[1:])
    header += f"{'in flight':>10}{'errors':>8}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="bench-views-") as tmp:
        for backend in args.backend:
            r = bench(backend, args, Path(tmp))
            errors = r["socket_errors"] + r["requests"] - r["answered"]
            print(
                f"{r['backend']:<9}{r['rps']:>10.0f}{r['p50']:>10.1f}{r['p99']:>10.1f}"
                f"{r['answered']:>10}{r['counted']:>10}{r['lost']:>10}{r['in_flight']:>10}"
                f"{errors:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
