"""What the page and beacon benchmarks share (`bench.py`, `bench_vs_wordpress.py`,
`bench_views.py`): a PostgreSQL database of their own with a seeded demo newsroom,
gunicorn started and stopped, wrk runs and their parsing, SQL statements per page and
where a request's time goes, and what the server's processes cost (CPU, memory).

Functions whose names say "in this process" set Django up under the server's
settings, which the caller puts in `os.environ` first.
"""

import argparse
import http.client
import os
import re
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WRK_THREADS, WRK_CONNECTIONS = 2, 16
PROFILE_REQUESTS = 30
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# The view beacon as browsers send it, each request from a new visitor (10.a.b.c from
# a per-thread counter in X-Forwarded-For, which the server is told to trust).
BEACON_WRK_SCRIPT = """
-- thread_id is a global: setup() sets it in each thread's own Lua state.
local counter = 0
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end
function request()
  counter = counter + 1
  local n = thread_id * 4000000 + counter
  local address = string.format(
    "10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", wrk.path, {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/142.0",
    ["X-Forwarded-For"] = address,
    ["Content-Length"] = "0",
  })
end
"""


class BenchError(Exception):
    """A failure the user can act on: printed without a traceback."""


# Command-line values.


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def postgres_database_url(text: str) -> str:
    """A PostgreSQL URL naming a database a benchmark may create and drop."""
    parts = urlsplit(text)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not parts.hostname:
        raise argparse.ArgumentTypeError("must be postgres://user@host:port/name")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in {
        "postgres",
        "template0",
        "template1",
    }:
        raise argparse.ArgumentTypeError(f"{name!r} is not a database this script may create")
    return text


def redis_url(text: str) -> str:
    if urlsplit(text).scheme not in {"redis", "rediss", "unix"}:
        raise argparse.ArgumentTypeError("must be redis://host:port/db")
    return text


def search_word(text: str) -> str:
    if not re.fullmatch(r"\w+", text):
        raise argparse.ArgumentTypeError("must be a single word")
    return text


# Processes and HTTP.


def run(command: list[str], **kwargs) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True, **kwargs).stdout
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(command[:3])} failed: {' / '.join(detail)}")


@dataclass
class Answer:
    status: int
    size: int
    headers: dict[str, str]


def fetch(url: str, *, host: str | None = None) -> Answer:
    """One GET (https without checking the certificate), redirects not followed."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=60, context=ssl._create_unverified_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        headers = {"Host": host} if host else {}
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), None, headers
        )
        response = connection.getresponse()
        size = len(response.read())
        return Answer(response.status, size, dict(response.getheaders()))
    finally:
        connection.close()


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(candidates: range, count: int = 1, *, avoid: tuple[int, ...] = ()) -> list[int]:
    """The first `count` free local ports among `candidates`."""
    found = [port for port in candidates if port not in avoid and port_is_free(port)][:count]
    if len(found) < count:
        raise BenchError(f"no {count} free ports in {candidates.start}-{candidates.stop - 1}")
    return found


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# PostgreSQL.


def admin_connection(url: str):
    import psycopg2

    try:
        connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    except psycopg2.OperationalError as error:
        raise BenchError(f"cannot reach PostgreSQL: {str(error).strip()}")
    connection.autocommit = True
    return connection


def database_exists(url: str) -> bool:
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [url.rsplit("/", 1)[1]])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def create_or_drop_database(url: str, *, drop: bool) -> None:
    from psycopg2 import sql

    name = sql.Identifier(url.rsplit("/", 1)[1])
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        if drop:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        else:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def ensure_database(url: str) -> None:
    if not database_exists(url):
        create_or_drop_database(url, drop=False)


def article_count(url: str) -> int | None:
    """Articles in the database at `url`; None when it has no article table (yet)."""
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('articles_article') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT count(*) FROM articles_article")
            return cursor.fetchone()[0]
    finally:
        connection.close()


# The demo newsroom, in this process.


def prepare_newsroom(*, articles: int, reseed_hint: str) -> dict[str, int]:
    """Migrate; seed `articles` demo stories when the database is new and give the
    planner statistics for them; collect static files. An existing database must hold
    `articles` stories already (`reseed_hint` says how to start afresh)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    existing = Article.objects.count()
    if existing == 0:
        started = time.monotonic()
        print(f"seeding {articles} demo articles (once; later runs reuse the database)…")
        call_command("seed_demo", articles=articles, verbosity=0)
        # Planner statistics, as autovacuum would keep them on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"seeded in {time.monotonic() - started:.0f}s")
    elif existing != articles:
        raise BenchError(f"the database holds {existing} articles, not {articles}; {reseed_hint}")
    call_command("collectstatic", interactive=False, verbosity=0)
    return {"articles": existing or articles, "published": Article.objects.published().count()}


@dataclass
class Pages:
    urls: dict[str, str]  # page name → path
    search_matches: int
    article_id: int


def pick_pages(word: str) -> Pages:
    """The five readers' pages measured (in this process): a News › Burma story with at
    least four tags, its top-level section, its most used tag, home and a search for
    `word`."""
    from django.db.models import Count

    from articles import search
    from articles.models import Article
    from sections.models import Section

    stories = (
        Article.objects.published()
        .annotate(tag_count=Count("tags", distinct=True))
        .select_related("primary_section")
        .order_by("pk")
    )
    article = (
        stories.filter(
            primary_section__slug="burma", primary_section__parent__slug="news", tag_count__gte=4
        ).first()
        or stories.order_by("-tag_count", "pk").first()
    )
    if article is None:
        raise BenchError("the demo newsroom has no published story")
    section = ([*Section.objects.tree().ancestors(article.primary_section)] or [None])[0]
    section = section or article.primary_section
    tag = article.tags.annotate(uses=Count("tagged_articles")).order_by("-uses", "slug").first()
    if tag is None:
        raise BenchError("the demo newsroom has no tagged story")
    parsed = search.parse_query(word)
    with search.planner_hints():
        matches = search.search_articles(Article.objects.published(), parsed).count()
    urls = {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "search": f"/search/?{urlencode({'q': word})}",
    }
    return Pages(urls, matches, article.pk)


def sql_profile(pages: dict[str, str]) -> dict[str, dict[str, float]]:
    """SQL statements and where the time goes for each page, through the test client in
    this process (same settings and database as gunicorn; one process's cache).

    `cold`: statements of the first request after every cache was emptied (each list
    worked out again); `queries`: of the next, warm, request. `ms`, `sql`, `python`:
    medians over `PROFILE_REQUESTS` warm requests of the whole request, the time in the
    database driver and the rest (middleware, views, templates).
    """
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    profile = {}
    for name, path in pages.items():
        for cache in caches.all():
            cache.clear()
        counts = []
        for _request in ("cold", "warm"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise BenchError(f"{path} answered {response.status_code} in-process")
            counts.append(len(captured))
        totals, in_sql = [], []
        for _ in range(PROFILE_REQUESTS):
            sql_seconds = []

            def timed(execute, sql, params, many, context, sql_seconds=sql_seconds):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    sql_seconds.append(time.perf_counter() - started)

            with connection.execute_wrapper(timed):
                started = time.perf_counter()
                client.get(path)
                totals.append((time.perf_counter() - started) * 1000)
            in_sql.append(sum(sql_seconds) * 1000)
        total, sql = statistics.median(totals), statistics.median(in_sql)
        profile[name] = {
            "cold": counts[0],
            "queries": counts[1],
            "ms": total,
            "sql": sql,
            "python": total - sql,
        }
    return profile


# gunicorn.


def start_gunicorn(env: dict[str, str], *, port: int, log: Path, options: list[str]):
    """gunicorn serving the project on 127.0.0.1:`port` with `options`, its output in
    `log`; returns once it answers."""
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "newsroom.wsgi:application", f"--bind=127.0.0.1:{port}", *options],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=output,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            fetch(f"http://127.0.0.1:{port}/robots.txt")
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise BenchError(f"gunicorn did not answer within 60 s; see {log}")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# What a server's processes cost, from /proc.


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cpu_fields(pid: int) -> list[int]:
    """utime, stime, cutime, cstime of `pid`, in clock ticks."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return [int(value) for value in fields[11:15]]


def tree_cpu_seconds(pid: int) -> float:
    """CPU used so far by `pid` and its children, including children that have exited
    (gunicorn replaces a worker after `max_requests`: its time is in the master's
    cutime/cstime once reaped)."""
    ticks = sum(_cpu_fields(pid))
    for child in children(pid):
        try:
            ticks += sum(_cpu_fields(child)[:2])
        except OSError:
            continue
    return ticks / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU time every core of the machine has spent busy (not idle, not waiting on
    disks), from /proc/stat: whoever used it, PostgreSQL and Redis included."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def peak_memory_kb(pid: int) -> int | None:
    """VmHWM, the most resident memory `pid` has had; None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else None


@dataclass
class WorkerPeaks:
    """Watches the workers of a gunicorn master: the peak resident memory (VmHWM) of
    each worker it saw, including workers replaced meanwhile (read every half second
    while they live, and once more at `stop`)."""

    master: int
    peaks: dict[int, int] = field(default_factory=dict)
    _done: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> "WorkerPeaks":
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _read(self) -> None:
        for worker in children(self.master):
            kb = peak_memory_kb(worker)
            if kb is not None:
                self.peaks[worker] = max(kb, self.peaks.get(worker, 0))

    def _watch(self) -> None:
        while not self._done.wait(0.5):
            self._read()

    def stop(self) -> dict[int, int]:
        self._read()
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        return self.peaks


# wrk.


def duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output: str) -> dict:
    """What `wrk --latency` printed: requests, answers that were not 2xx/3xx, socket
    errors (the line, and their sum), requests per second, p50 and p99 in ms."""
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(0) if errors else "",
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
    }


def wrk_command(
    url: str,
    seconds: int,
    *,
    headers: tuple[str, ...] = (),
    script: Path | None = None,
    threads: int = WRK_THREADS,
    connections: int = WRK_CONNECTIONS,
) -> list[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["--script", str(script)]
    return [*command, url]


def wrk(url: str, seconds: int, raw: Path, *, warmup: bool = False, **options) -> dict:
    """One wrk run (see `wrk_command` for the options), its output kept in `raw`. Any
    answer other than 2xx/3xx stops the benchmark, and so does a measured run without
    a single answer (a warm-up may end before the first one)."""
    command = wrk_command(url, seconds, **options)
    output = run(command, timeout=seconds + 60)
    raw.write_text(f"$ {' '.join(command)}\n{output}")
    result = parse_wrk(output)
    if result["non_2xx"]:
        raise BenchError(
            f"{url}: {result['non_2xx']} of {result['requests']} answers were errors "
            f"(Non-2xx or 3xx responses); raw output in {raw}"
        )
    if result["requests"] == 0 and not warmup:
        raise BenchError(
            f"{url}: no answer in {seconds} s (a busy machine? a longer --duration helps); "
            f"raw output in {raw}"
        )
    return result
