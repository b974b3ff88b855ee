# Two entry points: `make run` (the whole job on the embedded database) and `make test`.
# Each creates .venv and installs the project from this repo's own files on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARTICLES ?= seeds/

.PHONY: install run test lint bench bench-inputs bench-scale profile clean neo4j neo4j-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg run $(ARTICLES)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	cd tools/cypherlint && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m kg.lint_schema > .kg-lint-schema.json
	node tools/cypherlint/lint.mjs --schema .kg-lint-schema.json --params error --strict cypher/

# A local Neo4j 5.26 + APOC + Browser from Maven Central (first start downloads): eval "$$(make -s neo4j)"
neo4j: $(STAMP)
	@$(BIN)/kg neo4j start

neo4j-stop: $(STAMP)
	@$(BIN)/kg neo4j stop

ENGINE ?= falkordb
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --engine $(ENGINE)

bench-inputs: $(STAMP)
	$(BIN)/python benchmarks/inputs.py
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py memory --sizes 1000 5000 20000
	$(BIN)/python benchmarks/scale.py spark --n 2000
	$(BIN)/python benchmarks/scale.py write-path

profile: $(STAMP)
	$(BIN)/python benchmarks/cold_start.py

clean:
	rm -rf $(VENV) .kg out .pytest_cache
