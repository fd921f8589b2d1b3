#!/usr/bin/env bash
# Serve the application with the background worker beside it (`make run`): the worker runs
# the jobs (partybuilding/core/jobs.py) waiting in the database queue, and stops when the
# server stops, however it stops (Ctrl+C, an error, a signal).
#
#   scripts/serve-with-worker.sh [ADDRESS:PORT]     # default 127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PY:-.venv/bin/python}
address=${1:-127.0.0.1:8000}

# The worker gets a process group of its own (job control on for that one command): Ctrl+C
# reaches the server only, and stopping the group also stops the child that the worker's
# code reloader runs.
set -m
"$py" manage.py db_worker --no-startup-delay &
worker=$!
set +m
stop_worker() {
  kill -TERM -- "-$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT
echo "Serving http://$address/ (Ctrl+C stops the server and the worker)"
"$py" manage.py runserver "$address"
