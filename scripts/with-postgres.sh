#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on a loopback port, then remove it.
#   scripts/with-postgres.sh pytest tests
# The command sees TEST_DATABASE_URL pointing at the cluster.
set -euo pipefail
bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
port=${PG_TEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/borgerportal-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses to run as root
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U borgerportal --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
start() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
}
# A busy machine sometimes misses pg_ctl's wait, or another process took the port: once more, on a
# fresh port; a second failure stops here with the server's log, never half-way later.
if ! start; then
  echo "PostgreSQL did not start; trying once more" >&2
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${PG_TEST_PORT:-}" ] || port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start || { echo "PostgreSQL did not start twice; its log:" >&2; cat "$dir/log" >&2; exit 1; }
fi
export TEST_DATABASE_URL="postgresql+psycopg://borgerportal@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
