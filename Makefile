# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: run test test-fast install install-dev chromium check translations bench serve-gunicorn assets vnu
VNU_VERSION ?= 26.9.27

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Precompress static files (gzip, brotli when installed) next to them: WhiteNoise sends them.
assets: install
	$(PY) -m whitenoise.compress -q survey_app/static

## The Nu Html Checker for the tests (npm package vnu-jar; Java 17), kept under $(VENV)/vnu/.
$(VENV)/vnu/vnu.jar:
	mkdir -p $(VENV)/vnu
	cd $(VENV)/vnu && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar xzf vnu-jar-$(VNU_VERSION).tgz package/build/dist/vnu.jar package/LICENSE \
	  && mv package/build/dist/vnu.jar vnu.jar && mv package/LICENSE LICENSE-vnu.txt \
	  && rm -rf package vnu-jar-$(VNU_VERSION).tgz
vnu: $(VENV)/vnu/vnu.jar

## Serve the app at http://$(HOST):$(PORT) with data under instance/.
run: install assets
	$(PY) -m flask --app wsgi run --host $(HOST) --port $(PORT)

## Production-like: gunicorn with 4 workers (set SURVEY_ENV=production and SECRET_KEY).
serve-gunicorn: install assets
	$(VENV)/bin/gunicorn --workers 4 --bind $(HOST):$(PORT) wsgi:app

chromium:
	bash scripts/ensure-chromium.sh

## The whole suite, browser tests included.
test: install-dev chromium vnu assets
	$(PY) -m pytest

## Everything but the browser, durability, concurrency and fuzz suites (under a minute on
## two idle cores). Compiled modules are cached (__pycache__, git-ignored) even where the
## environment sets PYTHONDONTWRITEBYTECODE: each worker then collects in 3 s, not 9 s.
test-fast: install-dev
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n 2 -m "not browser and not slow and not fuzz"

check: install
	$(PY) -m flask --app wsgi questionnaires check

## Re-extract UI strings into the catalogs after changing templates or code.
translations: install-dev
	$(VENV)/bin/pybabel extract -F babel.cfg -o survey_app/web/translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i survey_app/web/translations/messages.pot -d survey_app/web/translations --no-fuzzy-matching

bench: install-dev
	$(PY) bench/summaries.py
	$(PY) bench/submit.py
