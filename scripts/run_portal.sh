#!/usr/bin/env bash
# Start the portal on one machine: web, Celery worker and Celery beat, with demo data.
# Embedded defaults (SQLite under var/, filesystem broker) unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
ADDRESS=${ADDRESS:-127.0.0.1:8000}

mkdir -p var
$BIN/python manage.py migrate --noinput
$BIN/python manage.py seed_demo

# Stop every process started here when this script stops (Ctrl-C included).
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

$BIN/celery -A config worker --loglevel=INFO --concurrency=2 --hostname=worker@%h &
$BIN/celery -A config beat --loglevel=INFO &
echo
echo "The portal is at http://$ADDRESS/  (admin: http://$ADDRESS/admin/, SMS outbox: http://$ADDRESS/dev/outbox/)"
echo "Press Ctrl-C to stop."
$BIN/python manage.py runserver "$ADDRESS" --noreload &
wait
