# Smarter State — everyday commands. `make run` to try it, `make test` before you push.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install deps static migrate seed serve worker test test-deps lint format bench lock clean

## run: install everything, migrate, seed demo data if empty, start the worker and the server
run: install
	@$(MANAGE) seed_demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops the server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --queue-name '*' --interval 1 --no-reload & \
	  $(MANAGE) runserver --noreload $(HOST):$(PORT)

## install: virtualenv, Python and npm dependencies, static files, database migrations
install: deps static migrate

deps: $(VENV)/.deps-base node_modules/.installed

$(VENV)/.deps-base: requirements/base.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/base.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's compiled CSS points at /assets/; we serve it under /static/, so make the URLs relative.
static: node_modules/.installed
	rm -rf static/vendor/govuk-frontend
	mkdir -p static/vendor/govuk-frontend
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css.map \
	   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map \
	   static/vendor/govuk-frontend/
	cp -r node_modules/govuk-frontend/dist/govuk/assets static/vendor/govuk-frontend/
	sed -i 's#url(/assets/#url(assets/#g' static/vendor/govuk-frontend/govuk-frontend.min.css

migrate: $(VENV)/.deps-base
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0

seed:
	$(MANAGE) seed_demo

serve:
	$(MANAGE) runserver $(HOST):$(PORT)

worker:
	$(MANAGE) db_worker --queue-name '*'

## test: install test dependencies (and Debian's chromium when missing), lint, check migrations, run the suite
test: test-deps static lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

test-deps: $(VENV)/.deps-test /usr/bin/chromium

$(VENV)/.deps-test: $(VENV)/.deps-base requirements/test.txt
	$(BIN)/pip install -q -r requirements/test.txt
	touch $@

# Browser tests drive Debian's Chromium; never a browser downloaded by Playwright.
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; \
	else echo "warning: /usr/bin/chromium missing and not root; browser tests will be skipped"; fi

lint: $(VENV)/.deps-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.deps-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: performance benchmarks (not part of the test suite); results go in docs/performance.md
bench: install $(VENV)/.deps-test
	@for script in bench/bench_*.py; do \
	  [ -e "$$script" ] || { echo "No benchmarks yet."; break; }; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

## lock: re-pin every Python dependency from pyproject.toml
lock:
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements/test.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
