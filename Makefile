# The habits of this project. `make serve` and `make test` set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup system-deps serve test index lint eval bench clean-index

setup: $(STAMP) ## Create .venv and install torch (CPU), then the project with dev extras

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps: ## Install what the tests need and this machine lacks (Debian: Chromium, PostgreSQL, Redis)
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "The tests need Debian packages this machine lacks. Run, then make test again:"; \
		echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi; \
	echo "Installing$$missing for the tests (apt-get)"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing

serve: setup ## Build the index if needed, then serve the API on 127.0.0.1:8000
	$(BIN)/compact-assistant serve

index: setup ## Update the index from corpus/ (only changed documents are embedded)
	$(BIN)/compact-assistant index

test: setup system-deps ## Run the test suite (no test may be skipped) and the evaluation gate
	COMPACT_FAIL_ON_SKIP=1 $(BIN)/pytest
	$(BIN)/compact-assistant eval --check

eval: setup ## Run the evaluation suite and write a report under evals/results/
	$(BIN)/compact-assistant eval

bench: setup ## Run the benchmarks and write benchmarks/RESULTS.md
	$(BIN)/python -m benchmarks.run

lint: setup ## ruff, mypy and the import contract (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check assistant api evals tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

clean-index: ## Delete the built index
	find index -mindepth 1 ! -name README.md -delete
