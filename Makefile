# Newsroom developer commands. Only python3 (3.11+), make and git are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings derive the development site address (links in e-mails, feeds,
# sitemaps) from these, so `make run PORT=8010` links to port 8010.
export HOST PORT

.DEFAULT_GOAL := help
.PHONY: help run test lint format migrate demo admin bench bench-views bench-newsletter bench-search bench-pages bench-images bench-vs-wordpress screenshots clean

help:
	@echo "make run    - install, migrate, load demo content and serve http://$(HOST):$(PORT) with a task worker"
	@echo "make test   - install test dependencies and run the test suite (in parallel)"
	@echo "make lint   - ruff lint + format check, makemigrations --check"
	@echo "make format - apply ruff formatting and fixes"

$(VENV)/.installed-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# The site's own words in other languages, compiled from the committed catalogues.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
$(MESSAGES): %.mo: %.po $(VENV)/.installed-runtime
	$(PY) manage.py compile_translations --verbosity 0

migrate: $(VENV)/.installed-runtime $(MESSAGES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py strip_image_metadata --verbosity 0
	$(PY) manage.py make_image_crops --verbosity 0

demo: migrate
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py ensure_admin

# The background worker (db_worker: sign-up confirmation e-mails) runs beside the
# development server and is stopped with it.
run: demo
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility tests, when npm is there (they skip without it,
# except under CI=true, where .ci/run installs it).
node_modules/.package-lock.json: package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

# In parallel, one worker per core (at most 8: each takes two Redis databases of 16);
# `make test PYTEST_WORKERS=0` runs serially. Browser tests all go to one worker.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-dev node_modules/.package-lock.json $(MESSAGES)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses=8 --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# Readers' pages (uncached, app-cached, behind the shipped nginx) and the view beacon
# with wrk against gunicorn on PostgreSQL + Redis, 10,000 stories: req/s, p50/p99, SQL,
# worker memory, targets. Needs wrk and nginx (apt-get install wrk nginx-light).
# Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, emptied). Quick run:
# make bench BENCH_ARGS="--articles 1000 --duration 3"
bench: $(VENV)/.installed-dev
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Saving a 4000×3000 photo: renditions and focal-point crops, seconds and file sizes.
bench-images: $(VENV)/.installed-dev
	$(PY) scripts/bench_images.py $(BENCH_ARGS)

# Digest to 10,000 subscribers through a local aiosmtpd sink: messages/s and peak memory.
bench-newsletter: $(VENV)/.installed-dev
	$(PY) scripts/bench_newsletter.py $(BENCH_ARGS)

# View beacons with wrk against gunicorn on PostgreSQL, Redis and SQLite: beacons/s,
# p50/p99 latency, lost increments. Needs wrk (apt-get install wrk), PostgreSQL, Redis.
bench-views: $(VENV)/.installed-dev
	$(PY) scripts/bench_views.py $(BENCH_ARGS)

# Home and article pages at 1280 px and 375 px into docs/screenshots/ (needs chromium).
screenshots: $(VENV)/.installed-dev
	$(PY) scripts/screenshots.py

# Search on PostgreSQL with 10,000 seeded articles: p50/p99 inside the view.
bench-search: $(VENV)/.installed-dev
	$(PY) scripts/bench_search.py $(BENCH_ARGS)

# Readers' pages on a 5,000-story demo newsroom: server time, queries, HTML weight.
bench-pages: $(VENV)/.installed-dev
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

# Readers' pages against the WordPress we replace, interleaved: req/s, p50/p99, ratios, SQL.
bench-vs-wordpress: $(VENV)/.installed-dev
	$(PY) scripts/bench_vs_wordpress.py $(BENCH_ARGS)
