# make run  : venv + install + clean seeds/ into output/ (no Prefect server needed)
# make test : venv + install + the whole test suite
# make lint : ruff format --check and ruff check (CI runs it before the tests)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
INPUT  ?= seeds
OUTPUT ?= output

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint format bench eval train clean-output distclean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m flows.pipeline --input $(INPUT) --output $(OUTPUT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/bench_dedup.py

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/train_boilerplate.py --held-out
	$(BIN)/python bench/eval_fresh_wordings.py
	$(BIN)/python bench/eval_site_batches.py
	$(BIN)/python bench/eval_bare_bodies.py
	$(BIN)/python bench/eval_real_tails.py
	$(BIN)/python bench/eval_html_extractors.py
	$(BIN)/python bench/eval_dom_model.py
	$(BIN)/python bench/eval_cleaning.py
	$(BIN)/python bench/eval_dedup.py

# Refit the residual boilerplate model in tasks/text/boilerplate/model.json (the first model is kept) from
# the shared corpus and the development vocabularies; deterministic.
train: $(STAMP)
	$(BIN)/python bench/train_boilerplate.py

clean-output:
	rm -rf $(OUTPUT)

distclean: clean-output
	rm -rf $(VENV) .pytest_cache
