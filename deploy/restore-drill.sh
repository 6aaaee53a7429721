#!/usr/bin/env bash
# Restore drill: prove the newest backup in BACKUP_DIR can be restored. It checks the
# files against SHA256SUMS, restores the dump into a scratch database and the media
# into a scratch folder, compares row and file counts with the manifest written at
# backup time, runs Django's checks against the restored database and renders the
# home page and the newest story from it. Exit 0 means a usable backup. A backup made
# with media in a bucket (MEDIA_S3_BUCKET) holds no media; the drill says which bucket
# holds them, and leaves checking the bucket's copies to its own drill (docs/deploy.md).
#
# Environment (as in /etc/newsroom/env): DATABASE_URL (never touched, only refused as
# the target), BACKUP_DIR (default /var/backups/newsroom) and RESTORE_DATABASE_URL,
# the scratch database (default: DATABASE_URL's with `_restore_drill` appended to the
# name), which is dropped and created again, so its role needs CREATEDB.
# The drill runs without REDIS_URL, so nothing of it reaches the live site's cache.
set -euo pipefail

die() { echo "restore-drill.sh: FAILED: $*" >&2; exit 1; }
say() { echo "restore-drill.sh: $*"; }

: "${DATABASE_URL:?DATABASE_URL must be set (postgres://…)}"
backup_dir="${BACKUP_DIR:-/var/backups/newsroom}"
app_dir="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$app_dir/.venv/bin/python}"

database_name() { local name="${1##*/}"; echo "${name%%\?*}"; }
source_name="$(database_name "$DATABASE_URL")"
restore_url="${RESTORE_DATABASE_URL:-${DATABASE_URL%/*}/${source_name}_restore_drill}"
scratch_name="$(database_name "$restore_url")"
maintenance_url="${restore_url%/*}/postgres"
[[ "$scratch_name" =~ ^[A-Za-z0-9_]+$ ]] || die "scratch database name $scratch_name: letters, digits and _ only"
[ "$scratch_name" != "$source_name" ] || die "RESTORE_DATABASE_URL names the live database"

latest="$(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '20*' | sort | tail -n 1)"
[ -n "$latest" ] || die "no backup in $backup_dir"
say "checking $latest"
(cd "$latest" && sha256sum --check --quiet --strict SHA256SUMS) || die "files do not match SHA256SUMS"

drop_scratch_database() {
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
    --dbname="$maintenance_url" -c "DROP DATABASE IF EXISTS \"$scratch_name\" WITH (FORCE)"
}
media="$(mktemp -d)"
cleanup() {
  rm -rf "$media"
  drop_scratch_database
}
trap cleanup EXIT

drop_scratch_database
psql -X -q -v ON_ERROR_STOP=1 --dbname="$maintenance_url" -c "CREATE DATABASE \"$scratch_name\""
pg_restore --exit-on-error --no-owner --no-acl --dbname="$restore_url" "$latest/database.dump" \
  || die "pg_restore could not restore database.dump"
if grep -q '^media_files=' "$latest/manifest"; then
  tar --extract --gzip --file="$latest/media.tar.gz" --directory="$media" \
    || die "media.tar.gz could not be unpacked"
fi

while IFS='=' read -r key expected; do
  case "$key" in
    created) continue ;;
    media_bucket)
      say "media: in bucket $expected, not in this backup"
      continue
      ;;
    media_files) actual="$(find "$media" -type f | wc -l)" ;;
    *)
      [[ "$key" =~ ^[a-z_]+$ ]] || die "manifest line $key is not a table name"
      actual="$(psql -X -q -t -A -v ON_ERROR_STOP=1 --dbname="$restore_url" -c "SELECT count(*) FROM $key")"
      ;;
  esac
  [ "$actual" = "$expected" ] || die "$key: $actual restored, $expected at backup time"
  say "$key: $actual"
done <"$latest/manifest"

# The app itself against the restored copy: its checks, no migration missing, and
# pages that render what was restored.
drill_env=(env -u REDIS_URL DATABASE_URL="$restore_url" MEDIA_ROOT="$media")
cd "$app_dir"
"${drill_env[@]}" "$python" manage.py check --database default >/dev/null || die "manage.py check"
"${drill_env[@]}" "$python" manage.py migrate --check >/dev/null || die "the restored database lacks migrations"
"${drill_env[@]}" "$python" manage.py shell --no-imports -c '
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.utils.html import escape

from articles.models import Article

client = Client(HTTP_HOST=urlsplit(settings.SITE_URL).netloc)
story = Article.objects.published().order_by("-publish_at").first()
pages = {"/": settings.SITE_NAME}
if story is not None:
    pages[story.get_absolute_url()] = story.headline
for path, text in pages.items():
    response = client.get(path, secure=True)
    if response.status_code != 200 or escape(text) not in response.content.decode():
        raise SystemExit(f"{path} answered {response.status_code} without {text!r}")
    print(f"restore-drill.sh: {path} renders")
' || die "pages do not render from the restored database"

say "passed: $latest can be restored"
