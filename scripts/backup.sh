#!/usr/bin/env bash
# Nightly backup: a compressed pg_dump of DATABASE_URL's database into BACKUP_DIR (default
# /var/backups/partybuilding), named by date and time; dumps older than BACKUP_KEEP_DAYS
# (default 35) are removed. Run by deploy/systemd/partybuilding-backup.timer or the
# compose file's backup service. Restore with scripts/restore.sh; check with
# scripts/restore-drill.sh.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL names the database to back up}"
dir=${BACKUP_DIR:-/var/backups/partybuilding}
keep=${BACKUP_KEEP_DAYS:-35}
mkdir -p "$dir"
umask 077  # the dump holds every member's personal data
file="$dir/partybuilding-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"  # a dump cut short is never mistaken for a complete one
find "$dir" -name 'partybuilding-*.dump' -mtime +"$keep" -delete
echo "$file"
