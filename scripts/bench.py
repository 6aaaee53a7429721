"""`make bench`: the readers' pages and the view beacon under load, served as in
production, against the targets of issue 12.

A PostgreSQL database of its own (--database-url, default `newsroom_bench`) holds a
demo newsroom of --articles stories (`seed_demo`, then ANALYZE; reused while it holds
that many, reseeded otherwise). Redis is BENCH_REDIS_URL (default
redis://127.0.0.1:6379/15), emptied at the start: give it a database nothing else uses.
gunicorn runs with deploy/gunicorn.conf.py (sync workers, 2 × cores unless --workers,
preload, worker recycling) and DEBUG off, on 127.0.0.1 only. For the nginx runs the
shipped site (deploy/nginx/newsroom.conf, moved into a temporary folder by
tests/deploy/nginx_site.py, with a self-signed certificate made by openssl there) is
put in front of it, over HTTPS.

Five pages (home, a section, a story, a tag, a search) are measured three ways:
uncached (the whole-page cache off, PAGE_CACHE_SECONDS=0), app-cached (the page cache
at its default) and through nginx, whose proxy cache keeps what the app's
Cache-Control allows (search is left out there: the shipped `limit_req` lets one
address search 5 times a second). Then the view beacon (POST, a new visitor each time)
through gunicorn. Each run is `wrk -t2 -c16 --latency` for --duration seconds after
--warmup seconds of the same load. wrk sends no Accept-Encoding: nothing is gzipped.

Prints markdown for docs/benchmarks.md: req/s, p50 and p99; SQL statements per
uncached page (the first request after every cache was emptied, and a warm one,
counted in this process); the CPU each process used per request (gunicorn, nginx and
wrk share the machine's cores); the peak resident memory (VmHWM) of every gunicorn
worker, replaced ones included; and each target with what was measured, the ratio,
and for a miss, by how much and what the profile shows. Raw wrk output and the
servers' logs go to --out.

    make bench BENCH_ARGS="--articles 1000 --duration 3"     # a quick run
    .venv/bin/python scripts/bench.py [--articles 10000] [--duration 10] [--warmup 2]
        [--workers N] [--database-url URL] [--search-word WORD] [--out DIR] [--drop]

Needs PostgreSQL, Redis, wrk, nginx and openssl (Debian: apt-get install wrk
nginx-light openssl). Whatever it starts is stopped at the end, also on a failure,
Ctrl-C or SIGTERM. With the defaults it takes about 5 minutes on 2 cores (plus ~30 s
the first time, seeding).
"""

import argparse
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from benchlib import (
    BEACON_WRK_SCRIPT,
    REPO,
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    WorkerPeaks,
    article_count,
    create_or_drop_database,
    database_exists,
    ensure_database,
    fetch,
    free_ports,
    load_average,
    machine_busy_seconds,
    pick_pages,
    positive_int,
    postgres_database_url,
    prepare_newsroom,
    search_word,
    sql_profile,
    start_gunicorn,
    stop,
    tree_cpu_seconds,
    wrk,
)

sys.path.insert(0, str(REPO))

from tests.deploy import nginx_site

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
PAGES = ["home", "section", "article", "tag", "search"]
MODES = ["uncached", "app-cached", "nginx"]
# nginx's $upstream_cache_status values for an answer from its own copy (UPDATING,
# STALE: while it asks the app again in the background).
FROM_NGINX_CACHE = (b"HIT", b"STALE", b"UPDATING", b"REVALIDATED")
NOT_THROUGH_NGINX = {"search": "limit_req: 5 searches/s per address in the shipped site"}
PORTS = range(8300, 8400)

TARGET_UNCACHED_ARTICLE_RPS = 560
TARGET_CACHED_RPS, TARGET_CACHED_P99_MS = 1500, 50
TARGET_NGINX_RPS = 23_000
TARGET_WORKER_MB = 150
# One key for both servers and this process, new each run.
SECRET_KEY = secrets.token_urlsafe(50)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=positive_int, default=10_000, help="stories in the demo newsroom"
    )
    parser.add_argument("--duration", type=positive_int, default=10, help="seconds per wrk run")
    parser.add_argument(
        "--warmup", type=positive_int, default=2, help="seconds of wrk before each run"
    )
    parser.add_argument(
        "--workers", type=positive_int, help="gunicorn workers (default: the conf's 2 × cores)"
    )
    parser.add_argument(
        "--database-url",
        type=postgres_database_url,
        default=DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database of the bench's own (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--search-word", type=search_word, default="exhausted", help="what the search page seeks"
    )
    parser.add_argument(
        "--out", type=Path, help="raw output (default /tmp/newsroom-bench/<UTC timestamp>/)"
    )
    return parser.parse_args()


def check_prerequisites() -> str:
    """nginx's path, once wrk, nginx and openssl are all there."""
    missing = [tool for tool in ("wrk", "openssl") if shutil.which(tool) is None]
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        missing.append("nginx")
    if missing:
        packages = {"wrk": "wrk", "openssl": "openssl", "nginx": "nginx-light"}
        raise BenchError(
            f"{', '.join(missing)} missing: apt-get install "
            + " ".join(packages[tool] for tool in missing)
        )
    return nginx


def empty_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise BenchError(f"cannot use Redis at {url} (BENCH_REDIS_URL): {error}")


def prepare_database(url: str, articles: int) -> None:
    """The bench's own database, holding `articles` stories or about to be seeded."""
    if database_exists(url) and article_count(url) not in (None, 0, articles):
        print(f"reseeding {url}: it holds another number of stories than {articles}")
        create_or_drop_database(url, drop=True)
    ensure_database(url)


def server_env(args, redis: str, scratch: Path, *, page_cache: bool) -> dict[str, str]:
    """Production settings: DEBUG off, PostgreSQL and Redis, behind one trusted proxy."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"127.0.0.1,{nginx_site.HOST}",
        "SITE_URL": f"http://{nginx_site.HOST}",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": redis,
        "CACHE_KEY_PREFIX": "newsroom-bench",
        "VIEW_REDIS_KEY_PREFIX": "newsroom-bench:",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("PAGE_CACHE_SECONDS", None)
    env.pop("GUNICORN_WORKERS", None)
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    return env


def serve(env: dict[str, str], port: int, log: Path, cleanup: ExitStack):
    """gunicorn as deploy/gunicorn.conf.py sets it up, and a watch on its workers."""
    server = start_gunicorn(
        env, port=port, log=log, options=[f"--config={REPO / 'deploy' / 'gunicorn.conf.py'}"]
    )
    cleanup.callback(stop, server)
    return server, WorkerPeaks(server.pid).start()


def measure(
    url: str,
    args,
    out: Path,
    name: str,
    processes: dict[str, int],
    access_log: Path | None = None,
    **wrk_options,
):
    """Warm up, then one measured wrk run. Adds the CPU each of `processes` (label →
    pid of a process tree), wrk and everything else on the machine used per request
    (ms), and with nginx's `access_log`, how its cache answered the run's requests."""
    wrk(url, args.warmup, out / f"warmup-{name}.txt", warmup=True, **wrk_options)
    logged = access_log.stat().st_size if access_log else 0
    before = {label: tree_cpu_seconds(pid) for label, pid in processes.items()}
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = machine_busy_seconds()
    result = wrk(url, args.duration, out / f"wrk-{name}.txt", **wrk_options)
    busy = machine_busy_seconds() - busy_before
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = {label: tree_cpu_seconds(pid) - before[label] for label, pid in processes.items()}
    spent["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime) - (
        wrk_before.ru_utime + wrk_before.ru_stime
    )
    spent["other"] = max(0.0, busy - sum(spent.values()))
    result["cpu_ms"] = {
        label: 1000 * seconds / result["requests"] for label, seconds in spent.items()
    }
    result["cores"] = busy / args.duration
    if access_log:
        with open(access_log, "rb") as log:
            log.seek(logged)
            answers = Counter(re.findall(rb" cache=(\S+)", log.read()))
        total = sum(answers.values()) or 1
        result["x_cache"] = ", ".join(
            f"{status.decode()} {100 * count / total:.0f}%"
            for status, count in answers.most_common()
        )
        result["hit_share"] = sum(answers[status] for status in FROM_NGINX_CACHE) / total
    print(
        f"  {name:<22}{result['rps']:>9.0f} req/s  p50 {result['p50']:6.1f} ms  "
        f"p99 {result['p99']:6.1f} ms",
        flush=True,
    )
    return result


def cpu_note(result) -> str:
    """Where the machine's CPU went during a run, and the ceiling that sets."""
    cpu = result["cpu_ms"]
    parts = ", ".join(f"{label} {ms:.2f}" for label, ms in cpu.items())
    ceiling = 1000 * os.cpu_count() / sum(cpu.values())
    return (
        f"CPU ms per request: {parts}; {result['cores']:.1f} of {os.cpu_count()} cores "
        f"busy, so all cores would give ≈ {ceiling:,.0f} req/s"
    )


def verdict(measured: float, target: float, *, at_least: bool, unit: str) -> str:
    holds = measured >= target if at_least else measured < target
    if holds:
        return "met"
    gap = target - measured if at_least else measured - target
    return f"missed by {gap:,.0f} {unit} ({100 * gap / target:.0f}%)"


def mb(kb: int) -> float:
    return kb / 1024


def targets_table(results, memory, profile) -> list[str]:
    rows = []

    def row(target, measured, ratio, result, note):
        rows.append(
            f"| {target} | {measured} | {ratio} | {result} | {note if result != 'met' else ''} |"
        )

    article = results["uncached"]["article"]
    profile_note = (
        f"in-process {profile['article']['ms']:.1f} ms/request: "
        f"{profile['article']['sql']:.1f} in {profile['article']['queries']} SQL, "
        f"{profile['article']['python']:.1f} in Python; "
    )
    row(
        f"uncached article ≥ {TARGET_UNCACHED_ARTICLE_RPS} req/s",
        f"{article['rps']:,.0f} req/s",
        f"{article['rps'] / TARGET_UNCACHED_ARTICLE_RPS:.2f}×",
        verdict(article["rps"], TARGET_UNCACHED_ARTICLE_RPS, at_least=True, unit="req/s"),
        profile_note + cpu_note(article),
    )
    for page in PAGES:
        cached = results["app-cached"][page]
        rps = verdict(cached["rps"], TARGET_CACHED_RPS, at_least=True, unit="req/s")
        p99 = verdict(cached["p99"], TARGET_CACHED_P99_MS, at_least=False, unit="ms")
        outcome = (
            "met"
            if rps == p99 == "met"
            else "; ".join(
                f"{what} {text}" for what, text in (("req/s", rps), ("p99", p99)) if text != "met"
            )
        )
        row(
            f"app-cached {page} ≥ {TARGET_CACHED_RPS:,} req/s, p99 < {TARGET_CACHED_P99_MS} ms",
            f"{cached['rps']:,.0f} req/s, p99 {cached['p99']:.1f} ms",
            f"{cached['rps'] / TARGET_CACHED_RPS:.2f}×, "
            f"{cached['p99'] / TARGET_CACHED_P99_MS:.2f}×",
            outcome,
            cpu_note(cached),
        )
    for page in PAGES:
        if page in NOT_THROUGH_NGINX:
            row(
                f"nginx {page} ≥ {TARGET_NGINX_RPS:,} req/s",
                "not measured",
                "",
                "n/a",
                NOT_THROUGH_NGINX[page],
            )
            continue
        proxied = results["nginx"][page]
        cache_note = ""
        if proxied["hit_share"] < 0.5:
            cache_note = (
                f"nginx answered from its cache for {100 * proxied['hit_share']:.0f}% "
                f"({proxied['x_cache']}): the app's answers (Cache-Control, Set-Cookie) let "
                "it keep no copy; "
            )
        row(
            f"nginx {page} ≥ {TARGET_NGINX_RPS:,} req/s",
            f"{proxied['rps']:,.0f} req/s",
            f"{proxied['rps'] / TARGET_NGINX_RPS:.2f}×",
            verdict(proxied["rps"], TARGET_NGINX_RPS, at_least=True, unit="req/s"),
            cache_note + cpu_note(proxied),
        )
    peaks = [kb for server in memory.values() for kb in server.values()]
    largest = mb(max(peaks))
    row(
        f"gunicorn worker RSS < {TARGET_WORKER_MB} MB",
        f"largest {largest:.0f} MB",
        f"{largest / TARGET_WORKER_MB:.2f}×",
        verdict(largest, TARGET_WORKER_MB, at_least=False, unit="MB"),
        "VmHWM counts the pages shared with the preloaded master as well",
    )
    return [
        "| target | measured | ratio | result | where a miss comes from |",
        "| --- | --- | --- | --- | --- |",
        *rows,
    ]


def results_table(results, profile) -> list[str]:
    lines = [
        "| mode | page | req/s | p50 ms | p99 ms | SQL cold / warm | nginx cache |"
        " CPU ms/request: gunicorn / nginx / wrk / other |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for mode in [*MODES, "beacon"]:
        for page, result in results[mode].items():
            sql = (
                f"{profile[page]['cold']} / {profile[page]['queries']}"
                if mode == "uncached" and page in profile
                else ""
            )
            cpu = " / ".join(
                f"{result['cpu_ms'][label]:.2f}" if label in result["cpu_ms"] else "–"
                for label in ("gunicorn", "nginx", "wrk", "other")
            )
            lines.append(
                f"| {mode} | {page} | {result['rps']:,.0f} | {result['p50']:.1f} | "
                f"{result['p99']:.1f} | {sql} | {result.get('x_cache', '')} | {cpu} |"
            )
    return lines


def memory_table(memory, workers: int) -> list[str]:
    lines = [
        "| gunicorn | workers seen (replaced) | peak RSS per worker, MB (VmHWM) |",
        "| --- | --- | --- |",
    ]
    for server, peaks in memory.items():
        sizes = sorted(mb(kb) for kb in peaks.values())
        replaced = max(0, len(sizes) - workers)
        shown = ", ".join(f"{size:.0f}" for size in sizes)
        lines.append(
            f"| {server} | {len(sizes)} ({replaced}) | {shown} "
            f"(median {statistics.median(sizes):.0f}) |"
        )
    return lines


def bench(args, nginx_program: str, out: Path, cleanup: ExitStack) -> None:
    redis = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    cleanup.callback(shutil.rmtree, scratch, ignore_errors=True)
    empty_redis(redis)
    prepare_database(args.database_url, args.articles)
    if args.drop:
        cleanup.callback(drop_database, args.database_url)
    uncached_env = server_env(args, redis, scratch, page_cache=False)
    cached_env = server_env(args, redis, scratch, page_cache=True)

    # In this process, with the uncached server's settings: seed, pick, count SQL.
    os.environ.update(uncached_env)
    newsroom = prepare_newsroom(
        articles=args.articles, reseed_hint="drop it or pass another --database-url"
    )
    pages = pick_pages(args.search_word)
    profile = sql_profile(pages.urls)
    from django.db import connections

    connections.close_all()

    workers = args.workers or 2 * os.cpu_count()
    load_before = load_average()
    app_port, http_port, https_port = free_ports(PORTS, 3)
    results = {mode: {} for mode in [*MODES, "beacon"]}
    memory = {}
    wrk_shape = f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s --latency"
    print(f"{wrk_shape}, {args.warmup}s warm-up before each run")

    with ExitStack() as serving:
        server, peaks = serve(uncached_env, app_port, out / "gunicorn-uncached.log", serving)
        site = f"http://127.0.0.1:{app_port}"
        for path in pages.urls.values():
            if (status := fetch(site + path).status) != 200:
                raise BenchError(f"{site + path} answered {status}, not 200")
        print("uncached (PAGE_CACHE_SECONDS=0):")
        for page in PAGES:
            results["uncached"][page] = measure(
                site + pages.urls[page], args, out, f"uncached-{page}", {"gunicorn": server.pid}
            )
        script = scratch / "beacon.lua"
        script.write_text(BEACON_WRK_SCRIPT)
        results["beacon"]["view beacon (POST)"] = measure(
            f"{site}/views/{pages.article_id}/",
            args,
            out,
            "beacon",
            {"gunicorn": server.pid},
            script=script,
        )
        memory["uncached"] = peaks.stop()

    with ExitStack() as serving:
        server, peaks = serve(cached_env, app_port, out / "gunicorn-cached.log", serving)
        print("app-cached (the page cache at its default):")
        for page in PAGES:
            results["app-cached"][page] = measure(
                site + pages.urls[page], args, out, f"app-cached-{page}", {"gunicorn": server.pid}
            )
        folder = scratch / "nginx"
        folder.mkdir()
        nginx_site.self_signed_certificate(folder)
        wrapper = nginx_site.site_for_test(
            folder,
            ports=(http_port, https_port),
            app_port=app_port,
            static_root=scratch / "static",
            media_root=scratch / "media",
            worker_processes="auto",
        )
        nginx = serving.enter_context(nginx_site.running(nginx_program, wrapper, port=https_port))
        for log in ("error.log", "newsroom.error.log"):
            serving.callback(shutil.copy, folder / log, out / f"nginx-{log}")
        proxied = f"https://127.0.0.1:{https_port}"
        host = f"Host: {nginx_site.HOST}"
        print("nginx (the shipped site, HTTPS, its proxy cache):")
        for page in PAGES:
            if page in NOT_THROUGH_NGINX:
                continue
            url = proxied + pages.urls[page]
            results["nginx"][page] = measure(
                url,
                args,
                out,
                f"nginx-{page}",
                {"gunicorn": server.pid, "nginx": nginx.pid},
                access_log=folder / "newsroom.access.log",
                headers=(host,),
            )
        memory["app-cached"] = peaks.stop()

    database = urlsplit(args.database_url).path.lstrip("/")
    share = 100 * pages.search_matches / max(newsroom["published"], 1)
    report = [
        f"## `make bench`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Machine: {os.cpu_count()} CPUs shared by wrk, nginx, gunicorn, PostgreSQL and "
        f"Redis; load average {load_before} before, {load_average()} after.",
        f"- Load: `{wrk_shape}` after a {args.warmup} s warm-up, on 127.0.0.1; no Accept-Encoding.",
        f"- gunicorn: deploy/gunicorn.conf.py, {workers} sync workers, DEBUG off; "
        f"PostgreSQL `{database}` with {newsroom['articles']:,} stories "
        f"({newsroom['published']:,} published), Redis. nginx: deploy/nginx/newsroom.conf, "
        "HTTPS (self-signed), `worker_processes auto`.",
        f"- Search page: '{args.search_word}', {pages.search_matches:,} matches "
        f"({share:.0f}% of the published stories).",
        "",
        *results_table(results, profile),
        "",
        *memory_table(memory, workers),
        "",
        *targets_table(results, memory, profile),
    ]
    text = "\n".join(report) + "\n"
    print("\n" + text)
    (out / "summary.md").write_text(text)
    print(f"raw wrk output and logs: {out}")


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    create_or_drop_database(url, drop=True)
    print(f"dropped {url} (--drop)")


def stop_on_signal(signum, frame):
    """SIGTERM unwinds like Ctrl-C, so everything started is stopped (SIGINT too when
    a shell started the bench in the background, ignoring it)."""
    raise KeyboardInterrupt


def main() -> None:
    args = parse_args()
    out = args.out or Path("/tmp/newsroom-bench") / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop_on_signal)
    try:
        nginx_program = check_prerequisites()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BenchError(f"cannot use {out} for the raw output: {error.strerror}")
        with ExitStack() as cleanup:
            bench(args, nginx_program, out, cleanup)
    except BenchError as error:
        sys.exit(f"bench: {error}")
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; everything it started is stopped")


if __name__ == "__main__":
    main()
