#!/usr/bin/env bash
# Back up Newsroom: a pg_dump (custom format) of DATABASE_URL and a tar of MEDIA_ROOT
# into BACKUP_DIR/<UTC time>/, with a manifest of row counts taken from the same
# snapshot as the dump and SHA256SUMS; backups older than BACKUP_KEEP_DAYS are
# deleted. deploy/restore-drill.sh checks the newest one. See docs/deploy.md.
# With media in a bucket (MEDIA_S3_BUCKET) there is no media folder to tar: the
# manifest names the bucket, whose objects are kept by the bucket's own versioning or
# a copy elsewhere (docs/deploy.md, "Media on object storage").
#
# Environment (as in /etc/newsroom/env): DATABASE_URL (postgres://…), MEDIA_ROOT or
# MEDIA_S3_BUCKET, BACKUP_DIR (default /var/backups/newsroom), BACKUP_KEEP_DAYS
# (default 14).
set -euo pipefail

die() { echo "backup.sh: $*" >&2; exit 1; }

: "${DATABASE_URL:?DATABASE_URL must be set (postgres://…)}"
media_bucket="${MEDIA_S3_BUCKET:-}"
[ -n "$media_bucket" ] || : "${MEDIA_ROOT:?MEDIA_ROOT must be set (or MEDIA_S3_BUCKET)}"
backup_dir="${BACKUP_DIR:-/var/backups/newsroom}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
# The tables whose row counts the restore drill compares.
tables=(articles_article sections_section newsletter_subscriber)

case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL is not a PostgreSQL URL; back up SQLite with its .backup command" ;;
esac
[[ "$keep_days" =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS must be a whole number of days"
[ -n "$media_bucket" ] || [ -d "$MEDIA_ROOT" ] || die "MEDIA_ROOT $MEDIA_ROOT is not a folder"

umask 077  # the dump holds subscribers' addresses
mkdir -p "$backup_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$backup_dir/.partial-$stamp"
final="$backup_dir/$stamp"
[ ! -e "$final" ] || die "$final already exists"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

# One read-only transaction exports its snapshot; the counts are read in it and
# pg_dump dumps exactly that snapshot, so the manifest matches the dump even while
# editors and readers keep writing.
coproc PSQL { psql -X -q -t -A -v ON_ERROR_STOP=1 --dbname="$DATABASE_URL"; }
# shellcheck disable=SC2153  # PSQL_PID is set by coproc
psql_pid=$PSQL_PID to_psql=${PSQL[1]} from_psql=${PSQL[0]}
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"$to_psql"
read -r -t 60 snapshot <&"$from_psql" || die "could not open a snapshot of the database"

{
  echo "created=$stamp"
  for table in "${tables[@]}"; do
    echo "SELECT count(*) FROM $table;" >&"$to_psql"
    read -r -t 600 count <&"$from_psql" || die "could not count the rows of $table"
    echo "$table=$count"
  done
} >"$work/manifest"

pg_dump --format=custom --snapshot="$snapshot" --file="$work/database.dump" \
  --dbname="$DATABASE_URL"
echo "COMMIT;" >&"$to_psql"
exec {to_psql}>&-  # psql ends at the end of its input
wait "$psql_pid"

if [ -n "$media_bucket" ]; then
  echo "media_bucket=$media_bucket" >>"$work/manifest"
  files=(database.dump manifest)
else
  tar --create --gzip --file="$work/media.tar.gz" --directory="$MEDIA_ROOT" .
  echo "media_files=$(find "$MEDIA_ROOT" -type f | wc -l)" >>"$work/manifest"
  files=(database.dump media.tar.gz manifest)
fi

(cd "$work" && sha256sum "${files[@]}" >SHA256SUMS)
mv "$work" "$final"
trap - EXIT

# Keep BACKUP_KEEP_DAYS days of backups (and never the one just made).
find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime +"$keep_days" \
  ! -path "$final" -exec rm -rf {} +
find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '.partial-*' -mtime +1 -exec rm -rf {} +

echo "backup.sh: $final"
