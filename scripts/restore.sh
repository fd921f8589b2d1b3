#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into DATABASE_URL's database, replacing what it
# holds. Stop the web and worker services first.
#
#   DATABASE_URL=postgres://... scripts/restore.sh /var/backups/partybuilding/partybuilding-….dump
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL names the database to restore into}"
file=${1:?the dump file to restore}
pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
echo "Restored $file."
