# Two commands for a newcomer: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

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

test: lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python tools/bench.py

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache .mypy_cache .ruff_cache
