# The two commands a fresh machine needs: `make demo` and `make test` (see README.md).
# Locks (docs/development.md): the demo installs requirements/runtime.txt, the tests requirements/dev.txt
# (runtime plus the test, lint and benchmark tools), both with their hashes checked.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/python -m pip --quiet
PIP_TOOLS := /tmp/ivb-pip-tools
COMPILE := CUSTOM_COMPILE_COMMAND="make locks" $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: install install-dev demo test lint locks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Installed packages are stamped per lock: a changed lock or pyproject.toml installs again.
$(VENV)/.runtime: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/runtime.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	touch $@

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

# The demo runs as production does (no debug pages), over plain HTTP on 127.0.0.1 (so cookies without the
# Secure flag, which some browsers refuse on http://); its secret key is made once and kept in var/.
demo: $(VENV)/.runtime
	$(BIN)/ivb demo load
	@mkdir -p var; test -s var/demo-secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/demo-secret-key
	SECRET_KEY="$$(cat var/demo-secret-key)" SECURE_COOKIES=0 $(BIN)/ivb serve --port $(PORT)

# The suite on every core (pytest-xdist), a test file to one worker: a module's shared data is loaded once.
# `make test WORKERS=0` runs it in this process.
WORKERS ?= auto
test: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

# Lint: style and errors (ruff), types (mypy, configured in pyproject.toml), layers (import-linter, .importlinter).
# Every tool runs, so one report shows all findings; the target fails if any of them failed.
lint: $(VENV)/.dev
	@status=0; \
	$(BIN)/ruff check src tests || status=1; \
	$(BIN)/mypy || status=1; \
	$(BIN)/lint-imports || status=1; \
	exit $$status

# Regenerate the locks after changing pyproject.toml or requirements/*.in (pip-tools in its own venv; it keeps
# the locked versions that still fit; `make locks UPGRADE=1` moves every package to its newest fitting version).
locks:
	test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && $(PIP_TOOLS)/bin/pip install --quiet pip-tools; }
	$(COMPILE) $(if $(UPGRADE),--upgrade) -o requirements/runtime.txt pyproject.toml requirements/runtime.in
	$(COMPILE) $(if $(UPGRADE),--upgrade) --extra test --extra lint --extra bench -o requirements/dev.txt \
	  pyproject.toml requirements/dev.in

clean:
	rm -rf $(VENV) var .pytest_cache
