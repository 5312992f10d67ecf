#!/usr/bin/env bash
# Every test, on both engines at once (`make test`): the SQLite phase (with the browser tests)
# prints as it goes; the PostgreSQL phase runs beside it and its output follows when both are done.
#   scripts/run-tests.sh SQLITE_WORKERS POSTGRES_WORKERS PYTEST [ARGS...]
# One phase after the other kept the two cores 72 % and 82 % busy (tests waiting for gunicorn,
# PostgreSQL, Redis or a lease): side by side, one phase's waiting is the other's working time.
set -uo pipefail
sqlite_workers=$1 postgres_workers=$2
shift 2
log=$(mktemp /tmp/borgerportal-postgres-tests.XXXXXX)
# Each phase in a process group of its own, so that stopping this script (Ctrl-C, CI's time
# limit) stops both pytests and their workers at once, and with-postgres.sh removes its cluster.
setsid scripts/with-postgres.sh "$@" -n "$postgres_workers" -m "not browser" tests >"$log" 2>&1 &
postgres=$!
setsid "$@" -n "$sqlite_workers" tests &
sqlite=$!
trap 'kill -TERM -- -$sqlite -$postgres 2>/dev/null; wait; rm -f "$log"' EXIT
echo "== tests on SQLite (with browser tests); the PostgreSQL phase runs beside them"
wait $sqlite
sqlite_status=$?
wait $postgres
postgres_status=$?
echo "== tests on PostgreSQL"
cat "$log"
echo "== SQLite phase: exit $sqlite_status; PostgreSQL phase: exit $postgres_status"
[ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
