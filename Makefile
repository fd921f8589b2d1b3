# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := partybuilding.settings_local

.PHONY: bench-load demo-code run test install check lint typecheck test-sqlite test-postgres test-postgres-throwaway test-browser translations bench clean

$(STAMP): requirements.txt requirements-dev.txt package.json
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.txt
	npm install --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(VENV)/bin/pybabel compile --domain=django --directory=partybuilding/locale --statistics 2>&1 | tail -n 1

## run [PORT=8000]: install, create the SQLite database, load the demo province (printing
## each step), serve on http://127.0.0.1:$(PORT) with the background worker beside the
## server (it stops when the server stops)
PORT ?= 8000
run: install translations
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py demo_load --if-empty
	PY=$(PY) scripts/serve-with-worker.sh 127.0.0.1:$(PORT)

## demo-code LOGIN=admin [KEY=…]: the current two-factor code of a demo officer
demo-code:
	@$(PY) manage.py demo_code $(LOGIN) $(if $(KEY),--key "$(KEY)")

## test: every quality gate, then the suite on SQLite and on PostgreSQL side by side (one
## core each; each run's output is printed when it ends), then in Chromium
test: install translations
	scripts/install-system-packages.sh
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres-throwaway
	$(MAKE) --no-print-directory test-browser

## test-postgres-throwaway: the suite on a PostgreSQL server started for it and removed after
test-postgres-throwaway:
	scripts/with-postgres.sh $(MAKE) --no-print-directory test-postgres

check: lint typecheck
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	$(PY) scripts/check_layers.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy

test-sqlite:
	$(VENV)/bin/pytest -q -m "not browser" -p no:cacheprovider

test-postgres:
	$(VENV)/bin/pytest -q -m "not browser" -p no:cacheprovider

test-browser:
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m browser -p no:cacheprovider

bench: install
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r bench/requirements.txt
	scripts/with-postgres.sh $(PY) bench/run.py

## bench-load: the load run (50 users, 10 minutes) and the fault run (PostgreSQL restarted
## mid-run) on the demo province grown to 100,000 members; numbers in bench/README.md
bench-load: install
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r bench/requirements.txt
	$(PY) bench/load/run.py
	$(PY) bench/load/run.py --fault

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
