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
.PHONY: student hub classroom-load nbgitpuller-link
.PHONY: slides app

help:
	@echo "make lab      set up .venv and open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test     set up .venv and run every test (unit, doctest, nbval, Binder, browser)"
	@echo "make nav      regenerate the previous/next links and the start page's contents"
	@echo "make execute  regenerate navigation, re-execute every notebook in place (commit it)"
	@echo "make bench    print the benchmark ratios"
	@echo "make test-fast  the edit loop: all but the browser, Binder and classroom tests"
	@echo "make lint     ruff check"
	@echo "make slides   one reveal.js deck per lesson in build/slides/ (offline; needs Node.js)"
	@echo "make app      the explorers as a Voila app for the projector (link with token)"
	@echo "make student  students' copies (no solutions, no outputs) in build/student/"
	@echo "make hub      a trial JupyterHub on 127.0.0.1 (NORMGRAD_HUB_PASSWORD=... make hub)"
	@echo "make classroom-load N=20   N students on a throw-away trial hub: times, memory"
	@echo "make nbgitpuller-link REPO=... [BRANCH=main NOTEBOOK=notebooks/... HUB=...]"

# A failed venv (e.g. Debian without python3.11-venv) is removed, so the next run starts afresh.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

# Re-install whenever pyproject.toml or the pinned versions change.
$(VENV)/.installed-lab: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab]"
	touch $@

# The instructor's tools (slides, app, student copies, hub) need only the classroom extra.
$(VENV)/.installed-classroom: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[classroom]"
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
# Two workers (pytest-xdist), each notebook's cells kept on one worker (nbval runs them in
# order in one kernel), and fewer hypothesis examples per property than make test draws.
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check .
	NORMGRAD_TEST_FAST=1 $(BIN)/python -m pytest --nbval -n 2 --dist loadfile \
		-m "not browser and not binder and not classroom"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

nav: $(VENV)/.installed-test
	$(BIN)/python tools/nav.py
	$(BIN)/python tools/slides.py metadata

# Slide metadata again after executing: the slide splits depend on the outputs' heights.
execute: nav
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)
	$(BIN)/python tools/slides.py metadata

# One reveal.js deck per lesson, with reveal.js, require.js and MathJax copied beside them.
slides: $(VENV)/.installed-classroom node_modules/.package-lock.json
	rm -rf build/slides
	$(BIN)/python tools/slides.py build --out build/slides

# The explorers notebook in Voila (code hidden) on 127.0.0.1 with a token; Ctrl+C stops it.
APP_PORT ?= 8866
app: $(VENV)/.installed-classroom
	$(BIN)/python classroom/voila_app.py --port $(APP_PORT)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

# The students' copies: every notebook without solution cells or outputs (not committed).
student: $(VENV)/.installed-classroom
	rm -rf build/student
	$(BIN)/python tools/student_copies.py --output build/student

# A trial JupyterHub for one class on this machine, 127.0.0.1 only (classroom/README.md).
# Needs Node.js (configurable-http-proxy); the password comes from NORMGRAD_HUB_PASSWORD.
hub: $(VENV)/.installed-classroom node_modules/.package-lock.json
	$(BIN)/python -m classroom.hub

# N students at once on a throw-away trial hub (free ports, temporary folder, no network).
N ?= 20
classroom-load: $(VENV)/.installed-classroom node_modules/.package-lock.json
	$(BIN)/python benchmarks/classroom_load.py --students $(N)

# The link that pulls REPO into a student's server and opens NOTEBOOK (classroom/link.py).
HUB ?= http://127.0.0.1:8000
BRANCH ?= main
NOTEBOOK ?= notebooks/00_start_here.ipynb
nbgitpuller-link: $(VENV)/.installed-classroom
	@test -n "$(REPO)" || { echo "usage: make nbgitpuller-link REPO=<git URL> [BRANCH=main] [NOTEBOOK=notebooks/06_explorers.ipynb] [HUB=$(HUB)]"; exit 2; }
	@$(BIN)/python -m classroom.link --hub "$(HUB)" --repo "$(REPO)" --branch "$(BRANCH)" --notebook "$(NOTEBOOK)"

clean:
	rm -rf $(VENV) node_modules build .pytest_cache .hypothesis src/normgrad.egg-info test-artifacts
