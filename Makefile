# MentorQuilt: `make run` to try it, `make test` to test it. Both set everything up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
# Test processes: one per core (pytest-xdist); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PORT ?= 8000
# Links in the demo's emails point at the server `make run` starts, unless set.
MENTORQUILT_SITE_URL ?= http://$(HOST):$(PORT)

# Python 3.12+: pyenv's version from .python-version if present, else python3.12, else python3.
PYTHON ?= $(shell \
	v=$$(cat .python-version 2>/dev/null); \
	for c in "$${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v/bin/python" python3.13 python3.12 python3; do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo "$$c"; break; fi; done)

.PHONY: help
help:
	@echo "make run      set up (virtualenv, packages, database, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make test     set up and run the whole test suite"
	@echo "make test-deep  the matching engine's property tests with 500 random examples each"
	@echo "make lint     ruff, mypy, import-linter"
	@echo "make bench    matching-engine benchmark (prints a table, writes bench/results/)"
	@echo "make code who=admin   current two-factor code of a demo login"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "MentorQuilt needs Python 3.12 or newer (see .python-version)."; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev
	@touch $(STAMP)

.PHONY: venv
venv: $(STAMP)

# axe-core for the accessibility checks in the browser tests (npm registry package).
$(NODE_STAMP): package.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm not found: browser accessibility checks will be skipped."; fi

# On a laptop a failed npm install only means the browser tests skip (they say why).
# In CI (CI=true) it stops the run: CI must check accessibility.
IN_CI := $(filter true TRUE True 1 yes,$(CI))
AXE := node_modules/axe-core/axe.min.js

.PHONY: node
node:
ifeq ($(IN_CI),)
	@$(MAKE) --no-print-directory $(NODE_STAMP) || true
else
	@$(MAKE) --no-print-directory $(NODE_STAMP)
	@test -f $(AXE) || { echo "CI=true: axe-core is missing ($(AXE)): install npm and run make node."; exit 1; }
endif

.PHONY: db
db: $(STAMP)
	$(PY) manage.py migrate --noinput -v0
	MENTORQUILT_SITE_URL=$(MENTORQUILT_SITE_URL) $(PY) manage.py demo_data

.PHONY: run
run: db
	@echo "Starting the background worker, the minute tick (reminders, lapses, digests) and the web server (Ctrl-C stops all)."
	@echo "Every email the demo sends is printed here, readably; the worker's log is in worker.log."
	@trap 'kill 0' EXIT INT TERM; \
	export MENTORQUILT_SITE_URL=$(MENTORQUILT_SITE_URL); \
	$(PY) manage.py db_worker --interval 2 2> worker.log & \
	while true; do $(PY) manage.py tick >> tick.log 2>&1; sleep 60; done & \
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: code
code: $(STAMP)
	@$(PY) manage.py demo_code $(who)

.PHONY: test
test: $(STAMP) node
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Property tests of the matching engine, deeper than CI: 500 examples each (QM_MAX_EXAMPLES
# to change) from a new random seed every run. CI keeps the fixed 40-example profile.
.PHONY: test-deep
test-deep: $(STAMP)
	QM_DEEP=1 $(PY) -m pytest -n $(PYTEST_WORKERS) quiltmatch --hypothesis-show-statistics $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy mentorquilt config
	$(VENV)/bin/mypy --strict quiltmatch
	$(VENV)/bin/lint-imports

.PHONY: check-deploy
check-deploy: $(STAMP)
	MENTORQUILT_ENV=production DJANGO_SECRET_KEY=$$(openssl rand -hex 40) \
	DJANGO_ALLOWED_HOSTS=mentorquilt.example.org EMAIL_HOST=smtp.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

.PHONY: bench
bench: $(STAMP)
	$(PY) bench/quiltmatch_bench.py

.PHONY: clean
clean:
	rm -rf $(VENV) node_modules db.sqlite3* staticfiles worker.log tick.log
