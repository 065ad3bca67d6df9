# Two commands for a fresh machine (Python 3.11 + git): `make site` and `make test`.
# Each creates .venv/ and installs the pinned dependencies it needs by itself.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site build check serve test bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

site: $(VENV)/.runtime  ## validate data/, write docs/, build site/ with mkdocs --strict
	$(PY) -m generator site

build: $(VENV)/.runtime  ## validate data/ and write the Markdown pages into docs/
	$(PY) -m generator build

check: $(VENV)/.runtime  ## validate data/ only; prints every problem as path:line
	$(PY) -m generator check

serve: $(VENV)/.runtime  ## live preview: rebuilds pages when data/ or templates/ change
	$(PY) -m generator build
	DOSSIER_REGENERATE=1 $(VENV)/bin/mkdocs serve --watch data --watch templates --watch generator

test: $(VENV)/.dev  ## the whole suite, browser tests included (installs Debian's chromium if missing)
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || $(MAKE) --no-print-directory chromium
	$(PY) -m pytest -q

bench: $(VENV)/.dev  ## scale benchmark on synthetic corpora of 100, 1,000 and 10,000 articles (slow; not part of `make test`)
	$(PY) benchmarks/run.py

chromium:
	@echo "Installing Debian's chromium for the browser tests…"
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi

clean:
	rm -rf site .dossier $(VENV)
	find docs -maxdepth 1 -type l -delete
