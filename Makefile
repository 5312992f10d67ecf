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

test: setup $(BIN)/.dev
	scripts/install-system-packages.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "== tests on SQLite (with browser tests)"
	$(BIN)/pytest -n 2 --maxschedchunk 2 -p no:cacheprovider --durations=15 tests
	@echo "== tests on PostgreSQL"
	scripts/with-postgres.sh $(BIN)/pytest -n 2 --maxschedchunk 2 -p no:cacheprovider --durations=15 -m "not browser" tests

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules app/static/vendor instance/*.sqlite
	find translations -name '*.mo' -delete
