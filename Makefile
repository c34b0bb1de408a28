# LeaderDev: `make run` to try it, `make test` to prove it. Both create .venv when it is missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ADDR   ?= 127.0.0.1:8000
SCALE  ?= small
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/leaderdev_bench
BENCH_ARGS ?=

# Development defaults for these targets only; production never runs through make.
DEV_ENV := DEBUG=true

.PHONY: install run test lint format migrate seed worker beat clean bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

seed: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo --scale $(SCALE)

## run: install, migrate, load the small demo data and serve on http://127.0.0.1:8000
run: seed
	$(DEV_ENV) $(BIN)/python manage.py runserver $(ADDR)

## test: lint, then the whole suite (unit, integration, browser, quickstart smoke)
test: install lint
	$(DEV_ENV) $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## bench: on Postgres, seed the large demo if absent, then print the benchmark table (pages, export, matching, reminders, 50-user load run)
bench: install
	@psql "$(BENCH_DATABASE_URL)" -tAc 'SELECT 1' >/dev/null 2>&1 || \
	  createdb --maintenance-db="$$(echo '$(BENCH_DATABASE_URL)' | sed 's#/[^/?]*\([?].*\)\{0,1\}$$#/postgres#')" \
	    "$$(echo '$(BENCH_DATABASE_URL)' | sed 's#.*/\([^/?]*\).*#\1#')"
	$(DEV_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/celery -A leaderdev worker --loglevel INFO

beat: install
	$(BIN)/celery -A leaderdev beat --loglevel INFO

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
