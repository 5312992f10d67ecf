# Borgerportal: `make run` serves the portal with demo data; `make test` runs every test.
# Both do their own set-up on a fresh machine (Python 3.11, Node and npm).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
export BORGERPORTAL_CONFIG ?= development

.PHONY: run test setup assets translations db lint format bench clean

run: setup db
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

setup: $(BIN)/.runtime assets translations

$(BIN)/.runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: requirements-dev.txt requirements.txt $(BIN)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	scripts/copy-vendor-assets.sh

translations: $(BIN)/.runtime
	$(FLASK) translate compile

db: setup
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo

# Both phases run side by side (scripts/run-tests.sh): three test processes on SQLite (with the
# browser tests) and two on PostgreSQL, on two cores. Many tests spend much of their time waiting
# (a message lease, gunicorn and PostgreSQL starting and stopping, a Twilio stub that answers in
# 0.3 s); one phase after the other kept the cores 72 % and 82 % busy. Fewer workers if a machine
# has little memory (each SQLite process holds a Chromium in the browser tests).
SQLITE_WORKERS ?= 3
POSTGRES_WORKERS ?= 2
PYTEST := $(BIN)/pytest --maxschedchunk 2 -p no:cacheprovider --durations=15

# Python may keep its compiled files here even where the environment says not to: without them
# every test process and every gunicorn or flask process a test starts compiles the project again
# and pytest rewrites the asserts of every test module again (4-5 CPU s per collection).
test: export PYTHONDONTWRITEBYTECODE :=
test: setup $(BIN)/.dev
	scripts/install-system-packages.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/run-tests.sh $(SQLITE_WORKERS) $(POSTGRES_WORKERS) $(PYTEST)

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules app/static/vendor instance/*.sqlite
	find translations -name '*.mo' -delete
