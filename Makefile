# pitboard: `make build` builds the example site into output/, `make test` runs the tests.
# Both create .venv/ and install pitboard there on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test translations bench bench-serve clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $(INSTALLED)

build: $(INSTALLED)
	$(BIN)/pitboard build

test: $(INSTALLED)
	$(BIN)/pytest

# Re-extract the UI strings of templates/ and generator/ and merge them into each catalog.
translations: $(INSTALLED)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o templates/translations/messages.pot .
	for po in templates/translations/*.po; do \
		$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date \
			-i templates/translations/messages.pot -o $$po -l $$(basename $$po .po); \
	done

# The save-to-served time of `pitboard serve` on the example site (median of 25 saves).
# Spec section 8: cold build, rebuilds, pages per second, peak memory on a synthetic site.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py --reports $(or $(REPORTS),500)

bench-serve: $(INSTALLED)
	$(BIN)/python bench/save_to_served.py 25

clean:
	rm -rf output $(VENV)
