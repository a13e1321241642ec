#!/usr/bin/env bash
# The bounded load test (make load; docs/performance.md "Load test"). Not part of make test.
#
# Starts, on loopback, the portal as deployed — gunicorn (DEBUG off) and one Celery worker — on a fresh
# PostgreSQL database and a Redis database, creates CITIZENS logged-in citizens, then runs locust headless
# at each number of virtual citizens in STEPS for STEP_SECONDS and prints one table row per step: requests
# per second, median, p95, p99 and failures of the web responses, and the statement requests made and
# finished. Every process started here is stopped when the script ends.
#
#   LOAD_DATABASE_URL  PostgreSQL database to (re)create   default postgres://postgres@127.0.0.1:5432/mshi_load
#   LOAD_REDIS_URL     broker and cache                    default redis://127.0.0.1:6379/6
#   STEPS="10 20 40 80"  STEP_SECONDS=45  CITIZENS=200  GUNICORN_WORKERS=3  GUNICORN_THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mshi_load}
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/6}
export DJANGO_SETTINGS_MODULE=loadtest.settings
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-3} GUNICORN_THREADS=${GUNICORN_THREADS:-2}
STEPS=${STEPS:-"10 20 40 80"}
STEP_SECONDS=${STEP_SECONDS:-45}
CITIZENS=${CITIZENS:-200}
OUT=var/loadtest
PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export GUNICORN_BIND=127.0.0.1:$PORT
rm -rf "$OUT" && mkdir -p "$OUT"

# A fresh database each run, so every run starts from the same data.
DB_NAME=${DATABASE_URL##*/}
ADMIN_URL=${DATABASE_URL%/*}/postgres
$BIN/python - "$ADMIN_URL" "$DB_NAME" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
$BIN/python manage.py migrate --noinput >/dev/null
$BIN/python -m loadtest.prepare "$CITIZENS"

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$BIN/gunicorn config.wsgi:application --config config/gunicorn.py --access-logfile /dev/null \
  >"$OUT/gunicorn.log" 2>&1 &
PIDS+=($!)
$BIN/celery -A config.celery_app worker --concurrency 1 --loglevel WARNING --hostname "load-$$@%h" \
  >"$OUT/worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo

echo
echo "| virtual citizens | requests/s | median ms | p95 ms | p99 ms | requests | failures | statements asked | finished | ready p95 s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for users in $STEPS; do
  since=$($BIN/python -c 'from datetime import datetime, timezone; print(datetime.now(timezone.utc).isoformat())')
  $BIN/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$users" \
    -r "$(( users / 5 + 1 ))" --run-time "${STEP_SECONDS}s" --stop-timeout 60 --csv "$OUT/step-$users" \
    --only-summary >"$OUT/locust-$users.log" 2>&1 || true
  sleep 5  # let the worker finish what was asked at the end of the step
  $BIN/python -m loadtest.summary "$OUT/step-$users" "$users" "$since"
done
