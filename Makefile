# Two commands for a newcomer: `make demo` and `make test`. Both create .venv on first use;
# `make test` also installs the system package the browser tests need (chromium, with
# apt-get, as root or with passwordless sudo) or stops at once saying what to run.
# `make test SKIP_BROWSER=1` runs everything else without it.
PYTHON ?= python3
SKIP_BROWSER ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null
	# torch first (the CPU wheel on these machines), so transformers never pulls a CUDA build
	$(BIN)/python -m pip install "torch==2.13.0" || echo "torch 2.13.0 not available: the transformers backend tests will fail"
	$(BIN)/python -m pip install -e ".[dev,dask,transformers,parquet]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/briefing run corpora/ai-action-summit
	@echo "Briefing: $(CURDIR)/reports/ai-action-summit/index.html"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pipeline/

# tools/system_deps.sh prints "ok", or the one line saying what to install (make's error).
system-deps:
	$(if $(SKIP_BROWSER),,$(eval DEPS := $(shell sh tools/system_deps.sh))$(if $(filter ok,$(DEPS)),,$(error $(DEPS))))

# system-deps first: without chromium (and no way to install it) nothing else runs.
test: system-deps lint
	BRIEFING_SKIP_BROWSER=$(SKIP_BROWSER) $(BIN)/python -m pytest -q

bench: install
	$(BIN)/python tools/bench.py

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache .mypy_cache .ruff_cache
