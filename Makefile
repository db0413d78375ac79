# The README's commands. Everything installs itself on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fmt bench deploy destroy clean web

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q 'pip<26.3'
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

static_site/node_modules/.installed: static_site/package-lock.json
	cd static_site && npm ci --no-audit --no-fund
	touch $@

web: static_site/node_modules/.installed
	cd static_site && npm run build

run: $(STAMP) web
	$(BIN)/python -m local.run $(ARGS)

test: $(STAMP) static_site/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -m "not e2e" tests
	cd static_site && npm test && npm run build
	$(BIN)/python -m pytest -n 2 --dist loadfile -m e2e tests/e2e

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check chalicelib app.py && $(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format chalicelib app.py tests bench local && $(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/round_trips.py
	$(BIN)/python bench/import_time.py
	$(BIN)/python bench/attendance_month.py
	$(BIN)/python bench/result_points.py

deploy: $(STAMP)
	infra/deploy.sh

destroy: $(STAMP)
	infra/destroy.sh $(if $(PURGE),--purge)

clean:
	rm -rf $(VENV) static_site/node_modules static_site/dist .local
