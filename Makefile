# dyad — two commands on a fresh machine with Python 3.11 and make:
#   make demo   set up .venv, ingest the sample articles into demo.db, print what was found
#   make test   set up .venv with the dev tools and run the whole test suite

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: demo test install dev lint format schema clean bench constraints docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

demo: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/dyad ingest examples/articles --db $(DEMO_DB)
	@echo
	$(BIN)/dyad stats --db $(DEMO_DB)
	@echo
	$(BIN)/dyad articles --db $(DEMO_DB)
	@echo
	$(BIN)/dyad show $$($(BIN)/dyad articles --db $(DEMO_DB) --limit 100 | grep -m1 "Danube Wire" | cut -c1-12) --db $(DEMO_DB)

test: dev
	$(BIN)/ruff check dyad tests
	$(BIN)/python -m dyad.schema --check
	DYAD_TEST_PG=$${DYAD_TEST_PG:-$$(scripts/pg-test-server.sh start 2>/dev/null || true)} $(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check dyad tests
	$(BIN)/ruff format --check dyad tests

format: dev
	$(BIN)/ruff format dyad tests

schema: install
	$(BIN)/python -m dyad.schema

constraints: dev
	(echo "# The exact versions dyad is tested with (pip freeze of the dev environment)."; \
	 echo "# make installs with these as constraints; pyproject.toml keeps the ranges. Refresh: make constraints"; \
	 $(BIN)/pip freeze --exclude-editable | grep -v "^-e") > constraints.txt

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache

bench: install
	$(BIN)/python benchmarks/run.py

docs: dev
	$(BIN)/python scripts/gen_cli_docs.py
	$(BIN)/mkdocs build --strict
