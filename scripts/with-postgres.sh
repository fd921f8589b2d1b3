#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: created in a temporary directory,
# listening on 127.0.0.1 and a unix socket there, owned by a non-root user, stopped on exit
# (also when the command fails). DATABASE_URL points the command at it.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
tmp=$(mktemp -d /tmp/pb-postgres.XXXXXX)
port=${PGPORT_TEST:-55432}
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  run_as=(runuser -u postgres --)
fi
stop() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
"${run_as[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust --encoding=UTF8 --lc-collate=C --lc-ctype=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -w -l "$tmp/server.log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=${PG_SHARED_BUFFERS:-256MB} -c max_connections=50" \
  start >/dev/null
"${run_as[@]}" "$bindir/psql" -h "$tmp" -p "$port" -U postgres -q -c "CREATE ROLE partybuilding LOGIN CREATEDB PASSWORD 'partybuilding';" -c "CREATE DATABASE partybuilding OWNER partybuilding;"
export DATABASE_URL="postgres://partybuilding:partybuilding@127.0.0.1:$port/partybuilding"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port"
set +e
"$@"
status=$?
exit $status
