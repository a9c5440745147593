# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pywb pins old packages (redis 2.10, brotlipy) that break Scrapy's `br` decoding, so the
# replay tools get a virtualenv of their own; `bdt replay` and the tests find it here.
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed
PYWB_PACKAGES := 'pywb>=2.8,<3' 'cdxj-indexer>=1.4,<2' 'wacz>=0.5,<1'

.PHONY: demo test lint eval bench clean pywb browser postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/pip install --quiet $(PYWB_PACKAGES)
	touch $(PYWB_STAMP)

pywb: $(PYWB_STAMP)  ## the replay tools (pywb, cdxj-indexer, wacz) in their own virtualenv

browser:  ## Debian's Chromium for the replay screenshot test (tests/test_browser_replay.py)
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium)

postgres:  ## Debian's PostgreSQL on 127.0.0.1:55432 for the catalog tests; prints its URL
	@.ci/postgres

demo: $(STAMP)  ## crawl the replica sites (127.0.0.1:8701-8709) into ./demo-archive; again: incremental
	$(BIN)/bdt demo demo-archive

# Every Python process of the test run records connections beyond loopback (an audit hook
# in tests/support/netguard); the run fails if there was any.
NETGUARD_LOG := $(CURDIR)/$(VENV)/netguard.log

test: $(STAMP) $(PYWB_STAMP)  ## the whole test suite (what CI runs)
	$(BIN)/ruff check .
	$(BIN)/mypy  # --strict on the core package (pyproject.toml [tool.mypy])
	rm -f $(NETGUARD_LOG)
	PYTHONPATH=$(CURDIR)/tests/support/netguard BDT_NETGUARD_LOG=$(NETGUARD_LOG) $(BIN)/pytest -q
	@if [ -s $(NETGUARD_LOG) ]; then echo "make test: connections beyond loopback:"; \
	  cat $(NETGUARD_LOG); exit 1; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

eval: $(STAMP)  ## text precision/recall/F1 and metadata accuracy, ours vs plain trafilatura
	$(BIN)/bdt eval tests/fixtures/extract

bench: $(STAMP)  ## benchmarks (ratios against a baseline measured in the same run)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) demo-archive .pytest_cache .ruff_cache
