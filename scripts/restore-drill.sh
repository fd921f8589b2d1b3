#!/usr/bin/env bash
# The restore drill: dump DATABASE_URL's database, restore the dump into a fresh database
# beside it (dropped first if a previous drill left it), and check the copy as the
# application sees it: the audit chain verifies and every subtree total matches its
# records. The drill's database is dropped afterwards. Exit status 0 = the backup works.
#
#   DATABASE_URL=postgres://user:pass@host:port/name scripts/restore-drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL names the database whose backup is drilled}"
py=${PY:-.venv/bin/python}
source_url=${DATABASE_URL%%\?*}
server=${source_url%/*}
drill="${source_url##*/}_restore_drill"
work=$(mktemp -d)
trap 'psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS \"$drill\";" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

BACKUP_DIR="$work" BACKUP_KEEP_DAYS=1 scripts/backup.sh >"$work/file"
psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS \"$drill\";" -c "CREATE DATABASE \"$drill\";"
DATABASE_URL="$server/$drill" scripts/restore.sh "$(cat "$work/file")"
for check in audit_verify totals_check; do
  DATABASE_URL="$server/$drill" "$py" manage.py "$check"
done
echo "Restore drill passed: $(du -h "$(cat "$work/file")" | cut -f1) dump restored and verified."
