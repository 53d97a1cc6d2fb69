# Werkcafé. On a fresh machine you need only:
#   make site   set everything up and build the site into site/ (offline, demo forum data)
#   make test   set everything up and run the whole test suite (what CI runs)
#   make serve  live preview on http://127.0.0.1:8000 while you write
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.werkcafe-setup
DEMO   := forum_sync/demo/forum

.PHONY: setup browser demo-export site serve check new-guide new-werkcafe test lint bench bench-large clean

setup: $(STAMP)

# Re-run set-up when the dependencies change. deduce builds its lookup tables (about a
# minute) here, once, instead of in the first test or build that needs it.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m forum_sync.anonymize
	touch $@

# Debian's chromium for the browser tests (Playwright's own download does not work here).
browser:
	scripts/ensure-chromium.sh

# The bundled demo forum -> SQLite store -> anonymized export that the site shows.
demo-export: setup
	$(BIN)/forum-sync sync --from-dir $(DEMO)
	$(BIN)/forum-sync export

# The demo build also shows the example werkcafé (forum_sync/demo/werkcafes.yml, labelled
# "Voorbeeld"); a production build leaves WERKCAFE_DEMO_WERKCAFES unset.
site: demo-export
	WERKCAFE_DEMO_WERKCAFES=1 $(BIN)/mkdocs build

serve: demo-export
	WERKCAFE_DEMO_WERKCAFES=1 $(BIN)/mkdocs serve

check: setup
	$(BIN)/werkcafe-check

new-guide: setup
	$(BIN)/werkcafe-new-guide

# Adds a werkcafé to data/werkcafes.yml (asks the questions; see CONTRIBUTING.md).
new-werkcafe: setup
	$(BIN)/werkcafe-new-werkcafe

lint: setup
	$(BIN)/ruff check .

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: setup browser
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_forum.py
	$(BIN)/python scripts/eval_anonymize.py

# The sizes an active forum reaches (2,000 and 20,000 topics): long (anonymizing 20,000
# topics alone takes a quarter of an hour on 2 cores). Generated exports are kept in
# build/bench-exports/ for the next run; delete it after changing forum_sync.
bench-large: setup browser
	$(BIN)/python scripts/bench_site.py --topics 2000 20000 --repeat 1 --export-cache build/bench-exports
	$(BIN)/python scripts/bench_forum.py --topics 2000 20000

clean:
	rm -rf site build .cache
