#!/usr/bin/env bash
# Serve the portal with gunicorn and run the background worker beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${HOST:-127.0.0.1}
port=${PORT:-5000}
.venv/bin/flask --app wsgi worker &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
echo "Borgerportal: http://$host:$port (worker pid $worker)"
.venv/bin/gunicorn --bind "$host:$port" wsgi:app  # logs each request as a JSON line
