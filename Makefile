# The two commands a fresh machine needs: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install demo test serve clean

$(BIN)/ivb: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(BIN)/ivb

install: $(BIN)/ivb

# The demo runs as production does (no debug pages), over plain HTTP on 127.0.0.1 (so cookies without the
# Secure flag, which some browsers refuse on http://); its secret key is made once and kept in var/.
demo: $(BIN)/ivb
	$(BIN)/ivb demo load
	@mkdir -p var; test -s var/demo-secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/demo-secret-key
	SECRET_KEY="$$(cat var/demo-secret-key)" SECURE_COOKIES=0 $(BIN)/ivb serve --port $(PORT)

test: $(BIN)/ivb
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache
