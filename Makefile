# Two commands for a fresh machine with Python 3.11 and make:
#   make lab   - set everything up and open JupyterLab on the start notebook
#   make test  - set everything up and run the whole test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# jupyter refuses to start as root (containers) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: lab test test-fast lint nav execute bench clean help

help:
	@echo "make lab      set up .venv and open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test     set up .venv and run every test (unit, doctest, nbval, Binder, browser)"
	@echo "make nav      regenerate the previous/next links and the start page's contents"
	@echo "make execute  regenerate navigation, re-execute every notebook in place (commit it)"
	@echo "make bench    print the benchmark ratios"
	@echo "make test-fast  the edit loop: all but the browser, Binder and classroom tests"
	@echo "make lint     ruff check"

# A failed venv (e.g. Debian without python3.11-venv) is removed, so the next run starts afresh.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

# Re-install whenever pyproject.toml or the pinned versions change.
$(VENV)/.installed-lab: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab]"
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# Listens on 127.0.0.1 only, with a token (printed in the link); the link opens the start page.
lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--LabApp.default_url=/lab/tree/00_start_here.ipynb $(ALLOW_ROOT)

# Front-end assets (reveal.js, require.js, MathJax 2, configurable-http-proxy) from the npm
# registry, exactly as package-lock.json records them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --nbval

# The edit loop: everything but the browser, Binder and classroom tests (see CONTRIBUTING.md).
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --nbval -m "not browser and not binder and not classroom"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

nav: $(VENV)/.installed-test
	$(BIN)/python tools/nav.py

execute: nav
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis src/normgrad.egg-info test-artifacts
