# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## crawl the built-in replica sites into ./demo-archive and extract documents
	$(BIN)/bdt demo demo-archive

test: $(STAMP)  ## the whole test suite (what CI runs)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

eval: $(STAMP)  ## text precision/recall/F1 and metadata accuracy, ours vs plain trafilatura
	$(BIN)/bdt eval tests/fixtures/extract

bench: $(STAMP)  ## benchmarks (ratios against a baseline measured in the same run)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) demo-archive .pytest_cache .ruff_cache
