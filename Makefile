# PMO Portal: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pmo
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test install install-test system-deps services lint pytest messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test,dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[bench]"
	touch $(VENV)/.installed $@

## make run: install, migrate, seed the demo if empty, collect the static files, serve with
## worker and beat. DEBUG is off, as a user sees the portal: its own translated error pages,
## static files served by whitenoise. `make run DEBUG=true` shows Django's debug pages.
run: export DEBUG ?= false
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "PMO Portal on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the web server, worker and beat)"
	PATH="$(abspath $(BIN)):$$PATH" PMO_PORT=$(PORT) $(BIN)/honcho start -f Procfile

## make test: install what the tests need, lint, run the whole suite. PostgreSQL and Redis are
## the ones at DATABASE_URL / REDIS_URL when they answer, else private instances started under
## var/ on free ports for the run and stopped after it (scripts/test_services.py).
test: install-test lint pytest

install-test: $(VENV)/.installed-test system-deps node_modules/.installed

system-deps:
	@bash scripts/system-deps.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

services:
	@DATABASE_URL="$(or $(DATABASE_URL),$(TEST_DATABASE_URL))" REDIS_URL="$(or $(REDIS_URL),$(TEST_REDIS_URL))" $(BIN)/python scripts/check_services.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=pmo_portal.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	@stats=$$(msgfmt --check --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po 2>&1) || { echo "$$stats"; exit 1; }; \
	echo "French catalogue: $$stats"; \
	case "$$stats" in *untranslated*|*fuzzy*) echo "French catalogue incomplete: run make messages"; exit 1;; esac

## The suite runs on one pytest-xdist worker per core (PYTEST_WORKERS=0 for a single process):
## each worker has its own test database (test_<name>_gwN) and Redis database (settings_test).
PYTEST_WORKERS ?= auto
pytest:
	DATABASE_URL="$(or $(DATABASE_URL),$(TEST_DATABASE_URL))" REDIS_URL="$(or $(REDIS_URL),$(TEST_REDIS_URL))" DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python scripts/test_services.py -- $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## make bench: time the main pages on a database of their own, seeded at each size
## (not part of make test). BENCH_SIZES="200 2000" make bench for a quicker run.
## Then the load test (manage.py bench_load): gunicorn with the production settings driven by
## locust at each of BENCH_LOAD_SIZES (reseeded); BENCH_LOAD_SIZES= skips it.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pmo_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_SIZES ?= 200 2000 3000 20000
BENCH_REQUESTS ?= 30
BENCH_LOAD_SIZES ?= 3000 30000
bench: $(VENV)/.installed-bench
	@DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" $(BIN)/python scripts/check_services.py
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" DEBUG=false $(BIN)/python manage.py migrate --noinput
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" DEBUG=false $(BIN)/python manage.py bench --sizes $(BENCH_SIZES) --requests $(BENCH_REQUESTS)
	$(if $(strip $(BENCH_LOAD_SIZES)),DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" DEBUG=false $(BIN)/python manage.py bench_load --sizes $(BENCH_LOAD_SIZES))

## make messages: refresh the French catalogue from the code (locale/fr/LC_MESSAGES/django.po
## is the one source of the translations: translate the new empty or fuzzy entries there),
## then compile it. make lint fails while an entry is untranslated or fuzzy.
messages: $(VENV)/.installed-test
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	msgfmt --check --statistics -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po

clean:
	rm -rf var/ .pytest_cache .ruff_cache
