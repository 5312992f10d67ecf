#!/bin/sh
# The image's entry point: which part of the portal this container runs.
#   web [gunicorn options]   serve the portal on $PORT (8000) with gunicorn.conf.py
#   worker [options]         `flask worker`: the outbox, the reminder sweep and clean-ups
#   migrate                  `flask db upgrade` once, then stop (run it before web and worker)
#   flask COMMAND ...        any other flask command, e.g. `flask staff add ...`
set -eu
mode=${1:-web}
[ $# -gt 0 ] && shift
case "$mode" in
  web) exec gunicorn --bind "${HOST:-0.0.0.0}:${PORT:-8000}" "$@" wsgi:app ;;
  worker) exec flask --app wsgi worker "$@" ;;
  migrate) exec flask --app wsgi db upgrade "$@" ;;
  flask) exec flask --app wsgi "$@" ;;
  *) echo "unknown mode '$mode': use web, worker, migrate or flask ..." >&2; exit 64 ;;
esac
