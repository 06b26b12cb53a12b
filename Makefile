# Two commands for a newcomer: `make run` and `make test`. Everything else is what they call.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCALES := showcase/locales

.PHONY: run test install install-test messages extract-messages update-messages migrate demo bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed messages

install-test: $(VENV)/.installed-test messages

## Compile the translation catalogues (French, Arabic, English).
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d $(LOCALES) -D messages

## Pull every translatable string out of the code and templates, then merge into the catalogues.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _ -k _l --no-location --sort-output -o $(LOCALES)/messages.pot .
update-messages: extract-messages
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --no-fuzzy-matching

migrate: install
	$(BIN)/showcase migrate

demo: migrate
	$(BIN)/showcase demo

## Start the app on http://$(HOST):$(PORT) with SQLite under var/ and the demo data.
run: export DEBUG ?= true
run: export PORTAL_URL ?= bundled
run: install
	$(BIN)/showcase migrate
	$(BIN)/showcase demo
	$(BIN)/showcase serve --host $(HOST) --port $(PORT)

## The whole suite: SQLite (with the browser journeys), then PostgreSQL when reachable.
test: install-test
	$(BIN)/python tests/run_suite.py

## Debian's Chromium for the browser tests (needs root; Playwright cannot download browsers here).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core)

bench: install
	$(BIN)/python bench/http.py

clean:
	rm -rf $(VENV) var/test* test-artifacts .pytest_cache
