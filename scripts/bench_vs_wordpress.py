"""Benchmark our readers' pages side by side with the WordPress we replace.

The WordPress anchor (/work/shared/anchors/wordpress: Debian's WordPress, nginx,
PHP-FPM and MariaDB on 127.0.0.1:8081, no page cache) is started if it is down and
stopped again at the end if this script started it. Ours is a demo newsroom with as
many stories as WordPress has posts (`seed_demo`, then `ANALYZE`) in a PostgreSQL
database kept between runs, served by gunicorn (sync workers, `DEBUG` off, static
files collected, no Redis unless --redis).

Both sides get the same five pages: an article (WordPress's benchmark post, ours a
story in News › Burma with several tags), home, a section (WordPress's
/category/news/burma/, ours the article's top-level section), the article's most used
tag and a search matching about a quarter of the stories (WordPress 'hydropower',
ours 'exhausted'). Each URL is checked for 200 and warmed on both sides; then, for
each round and page, `wrk -t2 -c16 --latency` loads ours and then WordPress, so
background noise falls on both; any answer other than 2xx/3xx stops the run. Prints
the medians over rounds of req/s, p50 and p99, the ratios ours/WordPress, SQL
statements per page (ours: a warm second request through the test client in this
process; WordPress: MariaDB's general log for one request, as its bench.sh counts)
and whether the targets hold (≥ 5× the requests per second, p99 ≤ ⅓ of
WordPress's). Raw wrk output goes to --out.

    .venv/bin/python scripts/bench_vs_wordpress.py [--rounds 3] [--duration 10]
        [--workers 4] [--redis URL] [--fresh] [--drop]

Needs root (the anchor's services, MariaDB by socket), `wrk`, PostgreSQL at
--database-url and the anchor installed (`bash .../anchors/wordpress/setup.sh`).
The database is reused while it holds as many stories as WordPress has posts;
--fresh drops and reseeds it, --drop removes it at the end.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GUNICORN = Path(sys.executable).with_name("gunicorn")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_wp"
PAGES = ["article", "home", "section", "tag", "search"]
WRK_THREADS, WRK_CONNECTIONS = 2, 16
TARGET_RPS_RATIO, TARGET_P99_RATIO = 5.0, 1 / 3

# The anchor's layout, as its common.sh sets it.
ANCHOR = Path(os.environ.get("WP_ANCHOR_DIR", "/work/shared/anchors/wordpress"))
WP_PORT = int(os.environ.get("WP_ANCHOR_PORT", "8081"))
WP_SITE = f"http://127.0.0.1:{WP_PORT}"
WP_CONFIG = Path("/etc/wordpress/config-127.0.0.1.php")
WP_DATADIR = Path("/var/lib/wp-anchor/mysql/wp_anchor")
WP_MY_CNF = "/etc/wp-anchor/my.cnf"
WP_LOG_DIR = Path("/var/log/wp-anchor")
WP_DB, WP_DB_USER = "wp_anchor", "wp_anchor"
WP_CATEGORY_PATH = "/category/news/burma/"
WP_DEFAULT_POSTS = 2000

# WordPress's benchmark post and the most used of its tags, as absolute URLs.
WP_URLS_PHP = """
$_SERVER["HTTP_HOST"] = "127.0.0.1:%d";
require "/usr/share/wordpress/wp-load.php";
$id = (int) get_option("wp_anchor_bench_post");
if (!$id) { fwrite(STDERR, "no wp_anchor_bench_post option\\n"); exit(1); }
$tags = wp_get_post_tags($id, ["orderby" => "count", "order" => "DESC"]);
if (!$tags) { fwrite(STDERR, "the benchmark post has no tags\\n"); exit(1); }
echo get_permalink($id), "\\n", get_tag_link($tags[0]), "\\n";
"""


class BenchError(Exception):
    """A failure the user can act on: printed without a traceback."""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def port_number(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port")
    if value == WP_PORT:
        raise argparse.ArgumentTypeError(f"{value} is WordPress's port")
    return value


def database_url(text: str) -> str:
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=positive_int, default=3, help="wrk runs per page and side")
    parser.add_argument(
        "--duration", type=positive_int, default=10, help="seconds of wrk per page and side"
    )
    parser.add_argument(
        "--warmup", type=positive_int, default=3, help="seconds of wrk per URL before round 1"
    )
    parser.add_argument("--workers", type=positive_int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=port_number, help="ours (default: the first free from 8082)")
    parser.add_argument(
        "--database-url", type=database_url, default=DEFAULT_DATABASE_URL, help="ours (PostgreSQL)"
    )
    parser.add_argument("--redis", type=redis_url, metavar="URL", help="serve with REDIS_URL")
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--search-word", type=search_word, default="exhausted", help="searched on ours"
    )
    parser.add_argument(
        "--wp-search-word", type=search_word, default="hydropower", help="searched on WordPress"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="raw wrk output (default /tmp/bench-vs-wordpress/<UTC timestamp>/)",
    )
    return parser.parse_args()


def run(command: list[str], **kwargs) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True, **kwargs).stdout
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(command[:3])} failed: {' / '.join(detail)}")


def fetch(url: str) -> tuple[int, int]:
    """Status and body size of one GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def choose_port(requested: int | None) -> int:
    if requested is not None:
        if not port_is_free(requested):
            raise BenchError(f"port {requested} is in use; pass another --port")
        return requested
    for port in range(8082, 8132):
        if port != WP_PORT and port_is_free(port):
            return port
    raise BenchError("no free port in 8082-8131; pass --port")


def wp_sql(query: str) -> str:
    return run(["mariadb", f"--defaults-file={WP_MY_CNF}", "-N", "-B", "-e", query]).strip()


def wp_services_up() -> bool:
    status = run(["bash", str(ANCHOR / "common.sh"), "status"])
    return "down" not in status


def wp_services(action: str) -> None:
    run(["bash", str(ANCHOR / "common.sh"), action])


def wordpress_facts(search: str) -> dict:
    marker = wp_sql(
        f"SELECT option_value FROM {WP_DB}.wp_options WHERE option_name='wp_anchor_content'"
    )
    if not marker.startswith("v1:"):
        raise BenchError(f"WordPress has no generated content; run bash {ANCHOR}/setup.sh")
    try:
        posts = int(
            wp_sql(
                f"SELECT COUNT(*) FROM {WP_DB}.wp_posts "
                "WHERE post_type='post' AND post_status='publish'"
            )
        )
    except (BenchError, ValueError) as error:
        print(f"could not count WordPress posts ({error}); assuming {WP_DEFAULT_POSTS}")
        posts = WP_DEFAULT_POSTS
    # What WordPress's own search does: LIKE on title, excerpt and content.
    matches = int(
        wp_sql(
            f"SELECT COUNT(*) FROM {WP_DB}.wp_posts WHERE post_type='post' "
            f"AND post_status='publish' AND (post_title LIKE '%{search}%' "
            f"OR post_excerpt LIKE '%{search}%' OR post_content LIKE '%{search}%')"
        )
    )
    article, tag = run(["php", "-d", "display_errors=stderr", "-r", WP_URLS_PHP % WP_PORT]).split()
    version_file = Path("/usr/share/wordpress/wp-includes/version.php").read_text()
    return {
        "posts": posts,
        "matches": matches,
        "version": re.search(r"\$wp_version = '([^']+)'", version_file).group(1),
        "pages": {
            "article": article,
            "home": f"{WP_SITE}/",
            "section": f"{WP_SITE}{WP_CATEGORY_PATH}",
            "tag": tag,
            "search": f"{WP_SITE}/?{urlencode({'s': search})}",
        },
    }


def wp_sql_count(url: str, out: Path, name: str) -> int:
    """SQL statements WordPress runs for one warm request: MariaDB's general log on
    for that request only, counting queries on connections made as WordPress's user."""
    log = WP_LOG_DIR / f"general-bench-vs-wordpress-{name}.log"
    fetch(url)
    log.unlink(missing_ok=True)
    wp_sql(f"SET GLOBAL general_log_file='{log}'; SET GLOBAL general_log=ON")
    try:
        fetch(url)
    finally:
        wp_sql("SET GLOBAL general_log=OFF")
    text = log.read_text(errors="replace")
    (out / f"wp-general-{name}.log").write_text(text)
    log.unlink()
    ours, count = set(), 0
    for line in text.splitlines():
        entry = re.match(r"^(?:\d{6}\s+[\d:]+)?\s+(\d+) (Connect|Query)\t(.*)", line)
        if entry is None:
            continue
        thread, command, rest = entry.groups()
        if command == "Connect" and rest.startswith(f"{WP_DB_USER}@"):
            ours.add(thread)
        elif command == "Query" and thread in ours:
            count += 1
    return count


def server_env(args, *, port: int, static_root: Path, media_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis or "",
        # A cache of our own in a shared Redis, cold at the start like local memory.
        "CACHE_KEY_PREFIX": f"bench-vs-wordpress-{secrets.token_hex(4)}",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
    }


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
    with connection, connection.cursor() as cursor:
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


def prepare_ours(args, *, articles: int) -> dict:
    """Migrate, seed when the database is new, collect static files; in this process,
    under the server's settings (os.environ holds them by now)."""
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
        raise BenchError(
            f"{args.database_url} holds {existing} articles, WordPress {articles} posts; "
            "rerun with --fresh to drop and reseed it"
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    return {"articles": existing or articles, "published": Article.objects.published().count()}


def pick_pages(word: str) -> tuple[dict[str, str], int]:
    """Our five pages, chosen like WordPress's: a News › Burma story with at least four
    tags (its benchmark post has five), its top-level section, its most used tag."""
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
    pages = {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "search": f"/search/?{urlencode({'q': word})}",
    }
    return pages, matches


PROFILE_REQUESTS = 30


def our_profile(pages: dict[str, str]) -> dict[str, dict[str, float]]:
    """Where one warm request of each page spends its time, through the test client in
    this process (same settings and database as gunicorn; one process's cache): SQL
    statements, milliseconds in the database driver, and in Python (middleware, views,
    templates). The medians of `PROFILE_REQUESTS` requests."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    profile = {}
    for name, path in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"ours {path} answered {response.status_code} in-process")
        # Now: the next request empties the connection's query log.
        queries = len(captured)
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
        profile[name] = {"queries": queries, "ms": total, "sql": sql, "python": total - sql}
    return profile


def profile_table(profile) -> list[str]:
    header = f"{'page':<8}{'ms':>7}{'SQL':>7}{'in SQL':>8}{'in Python':>11}"
    lines = [
        f"in-process, one warm request (median of {PROFILE_REQUESTS}; ms):",
        header,
        "-" * len(header),
    ]
    for page in PAGES:
        row = profile[page]
        lines.append(
            f"{page:<8}{row['ms']:>7.1f}{row['queries']:>7}{row['sql']:>8.1f}{row['python']:>11.1f}"
        )
    return lines


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path):
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--error-logfile={log}",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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


def duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output: str) -> dict[str, float]:
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(0) if errors else "",
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
    }


def wrk(url: str, seconds: int, raw: Path) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        url,
    ]
    output = run(command)
    raw.write_text(f"$ {' '.join(command)}\n{output}")
    result = parse_wrk(output)
    if result["non_2xx"] or result["requests"] == 0:
        raise BenchError(
            f"{url}: {result['non_2xx']} of {result['requests']} answers were errors "
            f"(Non-2xx or 3xx responses); raw output in {raw}"
        )
    return result


def ratio_target(value: float, target: float, *, at_least: bool) -> str:
    holds = value >= target if at_least else value <= target
    shown, goal = (f"{value:.1f}", f"{target:.0f}×") if at_least else (f"{value:.2f}", "⅓×")
    return "yes" if holds else f"no ({shown}× of {goal})"


def table(results, sql_ours, sql_wp) -> list[str]:
    """One row per page: medians over the rounds, ratios, SQL statements, targets."""
    groups = f"{'':<8}{'ours':-^24}  {'WordPress':-^24}  {'ours/WP':-^15}  {'SQL':-^10}"
    header = (
        f"{'page':<8}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}  {'req/s':>8}{'p50 ms':>8}"
        f"{'p99 ms':>8}  {'req/s':>7}{'p99':>8}  {'ours':>5}{'WP':>5}  "
        f"{'≥ 5× req/s':<20}{'p99 ≤ ⅓ of WP'}"
    )
    lines = [groups, header, "-" * (len(header) + 6)]
    for page in PAGES:
        ours, wp = (
            {
                key: statistics.median(measured[key] for measured in results[side][page])
                for key in ("rps", "p50", "p99")
            }
            for side in ("ours", "wp")
        )
        rps_ratio, p99_ratio = ours["rps"] / wp["rps"], ours["p99"] / wp["p99"]
        lines.append(
            f"{page:<8}{ours['rps']:>8.1f}{ours['p50']:>8.1f}{ours['p99']:>8.1f}  "
            f"{wp['rps']:>8.1f}{wp['p50']:>8.1f}{wp['p99']:>8.1f}  "
            f"{rps_ratio:>6.1f}×{p99_ratio:>7.2f}×  {sql_ours[page]:>5}{sql_wp[page]:>5}  "
            f"{ratio_target(rps_ratio, TARGET_RPS_RATIO, at_least=True):<20}"
            f"{ratio_target(p99_ratio, TARGET_P99_RATIO, at_least=False)}"
        )
    return lines


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def check_prerequisites() -> None:
    if os.geteuid() != 0:
        raise BenchError("run as root: the WordPress anchor's services and MariaDB need it")
    for tool in ("wrk", "php", "mariadb"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed; run bash {ANCHOR}/setup.sh")
    if not (WP_CONFIG.is_file() and WP_DATADIR.is_dir()):
        raise BenchError(f"WordPress is not installed here; run bash {ANCHOR}/setup.sh")


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    create_or_drop_database(url, drop=True)
    print(f"dropped {url} (--drop)")


def bench(args, out: Path, cleanup: ExitStack) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bench-vs-wordpress-"))
    cleanup.callback(shutil.rmtree, scratch, ignore_errors=True)
    if not wp_services_up():
        print("starting WordPress's MariaDB, PHP-FPM and nginx (stopped again at the end)")
        wp_services("start")
        cleanup.callback(wp_services, "stop")
    wp = wordpress_facts(args.wp_search_word)

    port = choose_port(args.port)
    env = server_env(args, port=port, static_root=scratch / "static", media_root=scratch / "media")
    if args.fresh and database_exists(args.database_url):
        print(f"dropping {args.database_url} (--fresh)")
        create_or_drop_database(args.database_url, drop=True)
    if not database_exists(args.database_url):
        create_or_drop_database(args.database_url, drop=False)
    os.environ.update(env)
    if args.drop:
        cleanup.callback(drop_database, args.database_url)
    ours = prepare_ours(args, articles=wp["posts"])
    pages, our_matches = pick_pages(args.search_word)
    profile = our_profile(pages)
    sql_ours = {page: row["queries"] for page, row in profile.items()}
    from django.db import connections

    connections.close_all()
    sql_wp = {name: wp_sql_count(url, out, name) for name, url in wp["pages"].items()}

    server = start_gunicorn(env, port, args.workers, out / "gunicorn.log")
    cleanup.callback(stop, server)
    urls = {
        "ours": {name: f"http://127.0.0.1:{port}{path}" for name, path in pages.items()},
        "wp": wp["pages"],
    }
    with open(out / "pages.txt", "w") as listing:
        for side, side_urls in urls.items():
            for name, url in side_urls.items():
                status, size = fetch(url)
                listing.write(f"{side} {name} {url} HTTP {status} {size} bytes\n")
                if status != 200:
                    raise BenchError(f"{side} {name} {url} answered {status}, not 200")

    database = urlsplit(args.database_url).path.lstrip("/")
    header = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs; load average "
        f"{load_average()}; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s "
        f"--latency --timeout 10s, {args.rounds} round(s), ours then WordPress per page",
        f"ours: gunicorn {args.workers} sync workers, DEBUG off, PostgreSQL {database}, "
        f"{'Redis' if args.redis else 'no Redis'}; {ours['articles']} articles "
        f"({ours['published']} published); search '{args.search_word}' matches "
        f"{our_matches} ({100 * our_matches / max(ours['published'], 1):.0f}%)",
        f"WordPress {wp['version']}: nginx, PHP-FPM, MariaDB, no page cache; "
        f"{wp['posts']} posts; search '{args.wp_search_word}' matches {wp['matches']} "
        f"({100 * wp['matches'] / max(wp['posts'], 1):.0f}%)",
    ]
    print("\n".join(header))
    for page in PAGES:
        print(f"  {page:<8}{urls['ours'][page]}  |  {urls['wp'][page]}")

    print(f"warming up: {args.warmup}s of wrk per URL and side", flush=True)
    for page in PAGES:
        for side in ("ours", "wp"):
            wrk(urls[side][page], args.warmup, out / f"warmup-{side}-{page}.txt")

    results = {side: {page: [] for page in PAGES} for side in ("ours", "wp")}
    socket_errors = []
    for number in range(1, args.rounds + 1):
        for page in PAGES:
            for side in ("ours", "wp"):
                raw = out / f"wrk-{side}-{page}-{number}.txt"
                result = wrk(urls[side][page], args.duration, raw)
                results[side][page].append(result)
                if result["errors"]:
                    socket_errors.append(f"{raw.name}: {result['errors']}")
                print(
                    f"round {number} {page:<8}{side:<5}{result['rps']:>8.1f} req/s  "
                    f"p50 {result['p50']:.1f} ms  p99 {result['p99']:.1f} ms",
                    flush=True,
                )

    report = [
        *table(results, sql_ours, sql_wp),
        "",
        *profile_table(profile),
        f"load average after: {load_average()}",
        *(f"socket errors in {line}" for line in socket_errors),
    ]
    print("\n" + "\n".join(report))
    (out / "summary.txt").write_text("\n".join([*header, "", *report]) + "\n")
    print(f"raw wrk output: {out}")


def main() -> None:
    args = parse_args()
    out = args.out or Path("/tmp/bench-vs-wordpress") / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    try:
        check_prerequisites()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BenchError(f"cannot use {out} for the raw output: {error.strerror}")
        with ExitStack() as cleanup:
            bench(args, out, cleanup)
    except BenchError as error:
        sys.exit(f"bench-vs-wordpress: {error}")
    except KeyboardInterrupt:
        sys.exit("bench-vs-wordpress: interrupted")


if __name__ == "__main__":
    main()
