# Two commands set everything up:  make run  (the app with demo data)  and  make test  (the suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test test-fast install install-dev migrate seed lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate

seed: migrate
	$(BIN)/python manage.py seed --demo --if-empty

## make run: install, migrate, seed the demo when the database is empty, serve on http://localhost:8501
run: seed
	$(BIN)/python serve.py --server.port $(PORT)

## make test: install dev requirements and run the whole suite (SQLite, or TEST_DATABASE_URL)
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-fast: the service tests only (no AppTest pages, subprocesses or browser), under a minute
test-fast: install-dev
	$(BIN)/python -m pytest -m "not page and not slow and not browser" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
