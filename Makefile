# MSHI statement portal. The two commands of the README:
#   make run   — the portal on embedded defaults (SQLite, filesystem broker) with demo data
#   make test  — the whole test suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv system-check messages translations lint audit bench lock screenshots clean load axe

$(STAMP): requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

system-check: venv
	@$(BIN)/python scripts/system_check.py

translations: venv
	@$(BIN)/python scripts/compile_translations.py

run: venv system-check translations
	@scripts/run_portal.sh

test: venv system-check translations axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core (npm, package-lock.json) for the browser tests' accessibility checks.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The README's screenshots (docs/screenshots/*.png) from the running demo: start `make run` first
# (or set SCREENSHOTS_URL to where it runs). Needs /usr/bin/chromium and pdftoppm (poppler-utils).
SCREENSHOTS_URL ?= http://127.0.0.1:8000
screenshots: venv
	$(BIN)/python scripts/screenshot.py --readme --base-url $(SCREENSHOTS_URL) --language en

lint: venv
	$(BIN)/ruff check .

# Known vulnerabilities in the locked dependencies: a finding fails; an unreachable database only warns.
audit: venv
	$(BIN)/python scripts/dependency_audit.py

# Issue 5: import, statement, PDF, request→ready and coverage figures in one run, against PostgreSQL
# (BENCH_DATABASE_URL, default .../mshi_bench) and Redis; prints a table, writes var/bench.json.
# BENCH_ROWS=200000 for a quick run (default 10,000,000); see bench/run.py and docs/performance.md.
bench: venv system-check
	$(BIN)/python -m bench.run

# Extract messages for translation (needs GNU gettext: apt-get install gettext).
messages: venv
	$(BIN)/python manage.py makemessages -l kk -l ru -l en --no-obsolete --no-location --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "node_modules/*"
	$(BIN)/python scripts/fill_english.py

lock: venv
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.txt pyproject.toml

# The bounded load test on loopback (docs/performance.md "Load test"): gunicorn + a Celery worker on
# PostgreSQL and Redis, locust stepping up the virtual citizens. Not part of make test.
load: venv
	loadtest/run.sh

clean:
	rm -rf var/broker var/cache var/celerybeat-schedule*
