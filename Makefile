# Two entry points for a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo run test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[test]"
	touch $(VENV)/.base $@

demo: $(VENV)/.base  ## set up, then run the demo at http://127.0.0.1:8000/
	$(BIN)/wiredesk demo

run: $(VENV)/.base  ## set up, then run wiredesk on your own sources
	$(BIN)/wiredesk run

# axe-core (accessibility checks in the browser tests), from npm, git-ignored.
AXE := .cache/node/node_modules/axe-core/axe.min.js
# Without npm the accessibility checks skip, saying why; everything else still runs.
$(AXE):
	@if command -v npm >/dev/null; then \
		npm install --prefix .cache/node --no-audit --no-fund axe-core@4; \
	else echo "npm not found: the axe-core accessibility checks will be skipped"; fi

test: $(VENV)/.test $(AXE)  ## set up, then lint and run the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
