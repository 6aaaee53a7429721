"""Benchmark: send one digest to N confirmed subscribers through a local SMTP sink.

    make bench-newsletter                      # 10,000 subscribers, SQLite in /tmp
    .venv/bin/python scripts/bench_newsletter.py --subscribers 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python scripts/bench_newsletter.py

It builds a fresh database (a throw-away SQLite file unless DATABASE_URL is set),
adds 20 published stories and N confirmed subscribers, starts an aiosmtpd server that
counts and discards messages (its own process), then runs
`manage.py send_newsletter` as a child process and reports the child's wall time,
messages per second and peak resident memory (ru_maxrss of the sender alone).
Targets on this machine: >= 200 messages/s and < 200 MB peak.
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET_RATE = 200
TARGET_PEAK_MB = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"SMTP sink did not start on port {port}")


def prepare_database(env: dict[str, str], subscribers: int) -> None:
    """Migrate and fill the database in a child process with the bench settings."""
    code = f"""
import django
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from articles.models import Article
from newsletter.models import Delivery, Issue, Newsletter, Subscriber
from sections.models import Section

call_command("migrate", verbosity=0)
Delivery.objects.all().delete()
Issue.objects.all().delete()
Subscriber.objects.all().delete()
section, _ = Section.objects.get_or_create(slug="bench", defaults={{"name": "Bench"}})
if not Article.objects.filter(primary_section=section).exists():
    for n in range(20):
        Article.objects.create(
            headline=f"Benchmark story {{n}}: ကျောင်းသားများ ဆန္ဒပြ",
            slug=f"bench-{{n}}",
            standfirst="What happened, and why it matters. " * 3,
            body="<p>Body.</p>",
            primary_section=section,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(minutes=n + 1),
        )
newsletter = Newsletter.objects.get(slug="daily-briefing")
chunk = []
for n in range({subscribers}):
    chunk.append(Subscriber(newsletter=newsletter, email=f"reader{{n}}@example.org",
                            status="confirmed", confirmed_at=timezone.now()))
    if len(chunk) == 5000:
        Subscriber.objects.bulk_create(chunk)
        chunk = []
Subscriber.objects.bulk_create(chunk)
"""
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="parallel senders")
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "PYTHONPATH": str(ROOT)}
    if not env.get("DATABASE_URL"):
        db_file = Path("/tmp/newsroom_bench_newsletter.sqlite3")
        for leftover in db_file.parent.glob(db_file.name + "*"):
            leftover.unlink()
        env["DATABASE_URL"] = f"sqlite:///{db_file}"
    port = free_port()
    env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        SITE_URL="https://news.example",
        LOG_LEVEL="WARNING",
    )

    print(
        f"Preparing {args.subscribers:,} subscribers in {env['DATABASE_URL']}; "
        f"{args.workers} sender(s), batches of {args.batch_size}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    prepare_database(env, args.subscribers)

    sink = subprocess.Popen(
        [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        started = time.perf_counter()
        sender = subprocess.run(
            [
                PYTHON,
                "manage.py",
                "send_newsletter",
                f"--batch-size={args.batch_size}",
                f"--workers={args.workers}",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        # ru_maxrss of waited-for children, in KiB on Linux; the sink is still running.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    finally:
        sink.terminate()
        sink.wait()

    print(sender.stdout.strip())
    if sender.returncode != 0:
        print(sender.stderr.strip())
        raise SystemExit("send_newsletter failed")
    rate = args.subscribers / elapsed
    print(
        f"Sent {args.subscribers:,} messages in {elapsed:.1f} s "
        f"(whole command, incl. start-up and building the issue): {rate:,.0f} messages/s; "
        f"peak memory of the sender {peak_mb:.0f} MB"
    )
    ok = rate >= TARGET_RATE and peak_mb < TARGET_PEAK_MB
    print(
        f"Targets: >= {TARGET_RATE} messages/s, < {TARGET_PEAK_MB} MB — "
        + ("met" if ok else "NOT met")
    )
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
