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

# Three test processes on two cores: the long tests spend much of their time waiting (a 30 s
# message lease, gunicorn and PostgreSQL starting and stopping, a Twilio stub that answers in
# 0.3 s), and the CI run used 65% of two cores with two (1,523 CPU s in 1,180 s). TEST_WORKERS=2
# if a machine has little memory (each process holds a Chromium in the browser tests).
TEST_WORKERS ?= 3
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --maxschedchunk 2 -p no:cacheprovider --durations=15

# Python may keep its compiled files here even where the environment says not to: without them
# every test process and every gunicorn or flask process a test starts compiles the project again
# and pytest rewrites the asserts of every test module again (4-5 CPU s per collection).
test: export PYTHONDONTWRITEBYTECODE :=
test: setup $(BIN)/.dev
	scripts/install-system-packages.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "== tests on SQLite (with browser tests)"
	$(PYTEST) tests
	@echo "== tests on PostgreSQL"
	scripts/with-postgres.sh $(PYTEST) -m "not browser" tests

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules app/static/vendor instance/*.sqlite
	find translations -name '*.mo' -delete
