# Relatieloket portal. `make run` starts the portal with demo data; `make test` runs all tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := relatieloket.settings

.PHONY: install lock run demo demo-code test test-fast check lint format messages benchmark clean image

# Development installs the locked dev set (the runtime set plus test tools); a server installs
# requirements.txt only (see README, Deploying). Both files carry hashes: pip checks every file.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Re-lock requirements.txt and requirements-dev.txt (with hashes) after editing a .in file
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements-dev.txt requirements-dev.in

## Install, migrate, load demo data (prints the demo logins) and serve http://127.0.0.1:$(PORT)
run: install
	DEBUG=True $(BIN)/python manage.py migrate --no-input
	DEBUG=True $(BIN)/python manage.py seed_demo
	DEBUG=True $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Print the current second-factor code of the demo users (development only)
demo-code: install
	@DEBUG=True $(BIN)/python manage.py demo_code

## Install and run the whole test suite (unit, HTTP, browser) on the configured database
test: install
	$(BIN)/python -m pytest

## The suite without the browser tests
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

## Static checks: ruff, Django's system checks, no missing migrations
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=True $(BIN)/python manage.py check
	DEBUG=True $(BIN)/python manage.py makemigrations --check --dry-run

## The national benchmark (PostgreSQL): 1,000,000 visits over 342 municipalities and 10 years;
## dashboards against plain SQL, exports, flow map, publish, visit saves alone and under load.
## Smaller: make benchmark BENCHMARK_ARGS="--visits 20000 --municipalities 12 --years 2"
BENCHMARK_ARGS ?= --reuse
benchmark: install
	DEBUG=True $(BIN)/python manage.py migrate --no-input
	DEBUG=True $(BIN)/python manage.py benchmark_dashboard $(BENCHMARK_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract Dutch strings into the per-app catalogs and compile them (needs GNU gettext)
messages: install
	DEBUG=True $(BIN)/python manage.py makemessages -l nl --no-obsolete
	DEBUG=True $(BIN)/python manage.py compilemessages -l nl --ignore=.venv

## Build the OCI image localhost/relatieloket:local (podman with runc, a debootstrap base made
## once, the CA bundle as a build secret; deploy/image.sh). IMAGE=... names another tag.
IMAGE ?= localhost/relatieloket:local
image:
	deploy/image.sh $(IMAGE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
