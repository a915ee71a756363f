#!/usr/bin/env bash
# Run several Sigap (Streamlit) processes on one machine, for nginx to spread browsers over: a small
# Procfile-like runner for machines without systemd (with systemd use systemd/sigap@.service).
#
#   deploy/run-processes.sh [--migrate] [PORT ...]        (default ports: 8501 8502)
#
# Every process gets the same environment: DATABASE_URL (PostgreSQL) and SIGAP_COOKIE_KEY are
# required, so a login made on one process is accepted by the others. SIGAP_BIND_ADDRESS (default
# 127.0.0.1) is where the processes listen; PYTHON (default .venv/bin/python) runs them.
# --migrate upgrades the schema once before starting (run it on one machine only); without it the
# runner refuses to start on a schema that is not current. Each line of output is prefixed with
# its process's port. When one process exits, or on Ctrl-C / SIGTERM, all are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

migrate=0
ports=()
for arg in "$@"; do
  case "$arg" in
    --migrate) migrate=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *[!0-9]*|"") echo "not a port: $arg" >&2; exit 2 ;;
    *) ports+=("$arg") ;;
  esac
done
[ ${#ports[@]} -gt 0 ] || ports=(8501 8502)

: "${DATABASE_URL:?set DATABASE_URL to the shared PostgreSQL database (postgresql://user@host/sigap)}"
: "${SIGAP_COOKIE_KEY:?set SIGAP_COOKIE_KEY, the same on every process and machine}"
case "$DATABASE_URL" in
  sqlite*) echo "DATABASE_URL is SQLite: several processes (or machines) need one PostgreSQL database" >&2; exit 2 ;;
esac
python="${PYTHON:-.venv/bin/python}"
address="${SIGAP_BIND_ADDRESS:-127.0.0.1}"

if [ "$migrate" = 1 ]; then
  "$python" manage.py migrate
else
  "$python" manage.py check || { echo "schema not current: run with --migrate (once)" >&2; exit 1; }
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 143' INT TERM
trap stop EXIT

for port in "${ports[@]}"; do
  "$python" serve.py \
    --server.headless=true --server.port="$port" --server.address="$address" \
    --browser.gatherUsageStats=false --server.fileWatcherType=none \
    > >(sed -u "s/^/[$port] /") 2>&1 &
  pids+=($!)
  echo "[$port] started (pid $!)"
done

# The first process to end ends the run (a crash is not hidden behind the survivors).
set +e
wait -n "${pids[@]}"
status=$?
echo "a process exited (status $status): stopping the others" >&2
exit "$status"
