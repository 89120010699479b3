# `make run` brings the whole platform up; `make test` runs every check. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
BENCH_ARGS ?=
FANOUT := $(BIN)/switchyard-srt-fanout

export DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672/
RUN_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/switchyard

.PHONY: run test tools lint typecheck docs docs-check unit integration e2e api-fuzz bench services clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

services:
	./deploy/local/ensure-services.sh

tools: $(STAMP)
	./deploy/local/ensure-tools.sh
	$(MAKE) --no-print-directory $(FANOUT)

# the agent's native SRT fan-out (decision 91), against Debian's libsrt (GnuTLS flavour, as srt-tools); the driver
# finds it beside the virtualenv's Python
$(FANOUT): native/srt_fanout.c | $(STAMP)
	cc -O2 -Wall -Wextra -std=c11 -D_DEFAULT_SOURCE -pthread -o $@ $< -lsrt-gnutls

run: $(STAMP) services tools
	DATABASE_URL=$(RUN_DATABASE_URL) $(BIN)/python -m devrun

lint: $(STAMP)
	$(BIN)/ruff check libs services deploy tests bench
	$(BIN)/ruff format --check libs services deploy tests bench

typecheck: $(STAMP)
	$(BIN)/mypy libs/common libs/switchyard services deploy/devrun

docs: $(STAMP)
	$(BIN)/python -m switchyard.docs

docs-check: $(STAMP)
	$(BIN)/python -m switchyard.docs --check

unit: $(STAMP)
	$(BIN)/pytest tests/unit -q

integration: $(STAMP) services
	$(BIN)/pytest tests/integration -q

e2e: $(STAMP) services
	$(BIN)/pytest tests/e2e -q

api-fuzz: $(STAMP) services
	$(BIN)/pytest tests/e2e/test_api_fuzz.py -q

test: $(STAMP) services tools lint typecheck docs-check
	$(BIN)/pytest -q

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# one table, every figure against a baseline from the same run; e.g. BENCH_ARGS="--quick --only append,relay"
bench: $(BENCH_STAMP) services
	command -v wrk || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .run .pytest_cache .mypy_cache .ruff_cache
