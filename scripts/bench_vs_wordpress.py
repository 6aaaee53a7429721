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
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from benchlib import (
    PROFILE_REQUESTS,
    REPO,
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    create_or_drop_database,
    database_exists,
    fetch,
    load_average,
    pick_pages,
    port_is_free,
    positive_int,
    postgres_database_url,
    prepare_newsroom,
    redis_url,
    run,
    search_word,
    sql_profile,
    start_gunicorn,
    stop,
    wrk,
)

sys.path.insert(0, str(REPO))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_wp"
PAGES = ["article", "home", "section", "tag", "search"]
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


def port_number(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port")
    if value == WP_PORT:
        raise argparse.ArgumentTypeError(f"{value} is WordPress's port")
    return value


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
        "--database-url",
        type=postgres_database_url,
        default=DEFAULT_DATABASE_URL,
        help="ours (PostgreSQL)",
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
    ours = prepare_newsroom(
        articles=wp["posts"],
        reseed_hint=f"WordPress has {wp['posts']} posts; rerun with --fresh to drop and reseed it",
    )
    picked = pick_pages(args.search_word)
    pages, our_matches = picked.urls, picked.search_matches
    profile = sql_profile(pages)
    sql_ours = {page: row["queries"] for page, row in profile.items()}
    from django.db import connections

    connections.close_all()
    sql_wp = {name: wp_sql_count(url, out, name) for name, url in wp["pages"].items()}

    server = start_gunicorn(
        env,
        port=port,
        log=out / "gunicorn.log",
        options=[f"--workers={args.workers}", "--worker-class=sync"],
    )
    cleanup.callback(stop, server)
    urls = {
        "ours": {name: f"http://127.0.0.1:{port}{path}" for name, path in pages.items()},
        "wp": wp["pages"],
    }
    with open(out / "pages.txt", "w") as listing:
        for side, side_urls in urls.items():
            for name, url in side_urls.items():
                answer = fetch(url)
                listing.write(f"{side} {name} {url} HTTP {answer.status} {answer.size} bytes\n")
                if answer.status != 200:
                    raise BenchError(f"{side} {name} {url} answered {answer.status}, not 200")

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
            wrk(urls[side][page], args.warmup, out / f"warmup-{side}-{page}.txt", warmup=True)

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
