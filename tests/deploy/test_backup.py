"""deploy/backup.sh and deploy/restore-drill.sh against a real PostgreSQL: a demo
newsroom is backed up, the drill restores it into a scratch database and passes, and
a damaged backup makes the drill fail.

It runs on the PostgreSQL pass (`DATABASE_URL=postgres://…`) in databases of its own
named after the configured one, beside the suite's test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.parallel import worker_index

REPO = Path(__file__).resolve().parents[2]
BACKUP = REPO / "deploy" / "backup.sh"
DRILL = REPO / "deploy" / "restore-drill.sh"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (run with DATABASE_URL=…)"
)


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}", query=""))


def psql(url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", f"--dbname={url}", "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture
def newsroom(tmp_path):
    """A migrated database with `seed_demo --articles 20` and its media folder; the
    environment the scripts read, as /etc/newsroom/env would give it."""
    base = urlsplit(os.environ["DATABASE_URL"]).path.strip("/")
    name = f"{base}_backup_source_{worker_index()}"
    maintenance = database_url("postgres")
    psql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(maintenance, f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "RESTORE_DATABASE_URL": database_url(f"{name}_drill"),
        "LOG_LEVEL": "WARNING",
    }
    (tmp_path / "media").mkdir()
    for command in (["migrate", "-v0"], ["seed_demo", "--articles", "20", "--images", "2", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=REPO, env=env, check=True, timeout=300
        )
    yield env
    psql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(script)], cwd="/", env=env, capture_output=True, text=True, timeout=300
    )


def latest_backup(env: dict) -> Path:
    return sorted(Path(env["BACKUP_DIR"]).glob("20*"))[-1]


def rewrite_checksums(backup: Path) -> None:
    """As if the damage happened before the checksums were taken."""
    subprocess.run(
        "sha256sum database.dump media.tar.gz manifest > SHA256SUMS",
        shell=True,
        cwd=backup,
        check=True,
    )


def test_backup_then_restore_drill(newsroom):
    backup = run(BACKUP, newsroom)
    assert backup.returncode == 0, backup.stderr
    folder = latest_backup(newsroom)
    assert {path.name for path in folder.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "manifest",
        "SHA256SUMS",
    }
    manifest = dict(line.split("=") for line in (folder / "manifest").read_text().splitlines())
    assert manifest["articles_article"] == "20"
    assert int(manifest["sections_section"]) > 0
    assert int(manifest["media_files"]) > 0

    drill = run(DRILL, newsroom)

    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "articles_article: 20" in drill.stdout
    assert "/ renders" in drill.stdout
    assert f"passed: {folder} can be restored" in drill.stdout
    # The scratch database is gone afterwards.
    scratch = urlsplit(newsroom["RESTORE_DATABASE_URL"]).path.strip("/")
    assert (
        psql(
            database_url("postgres"),
            f"SELECT count(*) FROM pg_database WHERE datname = '{scratch}'",
        )
        == "0"
    )


def test_with_media_in_a_bucket_the_backup_names_the_bucket_and_the_drill_passes(newsroom):
    """The bucket is never reached: neither script nor the pages they render call it."""
    env = {k: v for k, v in newsroom.items() if k != "MEDIA_ROOT"}
    env |= {"MEDIA_S3_BUCKET": "news-media", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9"}

    backup = run(BACKUP, env)

    assert backup.returncode == 0, backup.stderr
    folder = latest_backup(env)
    assert {path.name for path in folder.iterdir()} == {"database.dump", "manifest", "SHA256SUMS"}
    manifest = dict(line.split("=") for line in (folder / "manifest").read_text().splitlines())
    assert manifest["media_bucket"] == "news-media"
    drill = run(DRILL, env)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "media: in bucket news-media, not in this backup" in drill.stdout
    assert "/ renders" in drill.stdout


def test_a_damaged_backup_fails_the_drill(newsroom):
    assert run(BACKUP, newsroom).returncode == 0
    folder = latest_backup(newsroom)
    dump = folder / "database.dump"
    original = dump.read_bytes()

    # Bytes changed on disk after the backup: the checksums catch it.
    middle = len(original) // 2
    dump.write_bytes(original[:middle] + bytes(256) + original[middle + 256 :])
    drill = run(DRILL, newsroom)
    assert drill.returncode != 0
    assert "do not match SHA256SUMS" in drill.stderr

    # A dump cut short before its checksum was taken: pg_restore refuses it.
    dump.write_bytes(original[: len(original) // 2])
    rewrite_checksums(folder)
    drill = run(DRILL, newsroom)
    assert drill.returncode != 0
    assert "pg_restore could not restore" in drill.stderr

    # A dump missing rows the source had when the backup was taken.
    dump.write_bytes(original)
    manifest = folder / "manifest"
    manifest.write_text(manifest.read_text().replace("articles_article=20", "articles_article=21"))
    rewrite_checksums(folder)
    drill = run(DRILL, newsroom)
    assert drill.returncode != 0
    assert "articles_article: 20 restored, 21 at backup time" in drill.stderr


def test_backups_older_than_the_retention_are_deleted(newsroom):
    old = Path(newsroom["BACKUP_DIR"]) / "20200101T000000Z"
    old.mkdir(parents=True)
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))

    backup = run(BACKUP, {**newsroom, "BACKUP_KEEP_DAYS": "7"})

    assert backup.returncode == 0, backup.stderr
    assert not old.exists()
    assert latest_backup(newsroom).name != old.name
