# The single way in. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The development commands run with DEBUG on; production sets its own environment.
DEV := DEBUG=true

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo messages quality lint format test test-sqlite test-postgres test-browser bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP) messages ## Create .venv and install Passeurs (idempotent)

messages: $(STAMP) ## Compile the translations (pure Python, no gettext needed)
	@$(BIN)/python scripts/compile_messages.py

migrate: install ## Apply the database migrations
	$(DEV) $(BIN)/passeurs migrate --no-input

demo: migrate ## Load the demo data (idempotent)
	$(DEV) $(BIN)/passeurs demo

run: demo ## Install, migrate, load the demo data, serve on http://$(HOST):$(PORT) with the task worker
	@echo
	@echo "  Passeurs : http://$(HOST):$(PORT)/   API : http://$(HOST):$(PORT)/api/v1/docs"
	@echo
	@# The task worker sends the e-mails in the background; it stops with the server.
	$(DEV) $(BIN)/passeurs db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(BIN)/passeurs runserver $(HOST):$(PORT)

lint: install ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

quality: lint ## Every static check CI runs: lint, migrations in sync, Django checks
	$(DEV) $(BIN)/passeurs makemigrations --check --dry-run
	$(DEV) $(BIN)/passeurs check --fail-level WARNING

test-sqlite: install ## The test suite on SQLite
	$(BIN)/pytest -m "not browser" -q -n 2

test-postgres: install ## The test suite on a throw-away PostgreSQL started for the run
	scripts/with-postgres.sh $(BIN)/pytest -m "not browser" -q -n 2

test-browser: install ## The browser journeys in Debian's Chromium, with axe-core
	scripts/ensure-chromium.sh && $(BIN)/pytest -m browser -q

test: quality test-sqlite test-postgres test-browser ## Everything CI runs

bench: install ## Benchmarks with ratios to a baseline measured in the same run (SQLite, then the directory on PostgreSQL)
	$(BIN)/python -m passeurs.bench
	scripts/with-postgres.sh env BENCH_ONLY=directory BENCH_ROWS=$${BENCH_PG_ROWS:-1500000} $(BIN)/python -m passeurs.bench

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles
