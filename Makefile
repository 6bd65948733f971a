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

demo: $(BIN)/ivb
	$(BIN)/ivb demo load
	DEBUG=1 $(BIN)/ivb serve --port $(PORT)

test: $(BIN)/ivb
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache
