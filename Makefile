# The two commands a newcomer runs: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DEMO_DB ?= demo.db

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

# torch==2.13.0 (CPU) is installed first and by exact version: a bare `torch` pulled in by
# sentence-transformers would fetch a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[all,dev]'
	touch $@

# The whole pipeline on the bundled sample, then what it found: the stories, and the largest
# one as an editor reads it (claims with independent-source counts, conflicts, quotes).
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/storyline --db $(DEMO_DB) run examples/corpus
	$(VENV)/bin/storyline --db $(DEMO_DB) stories
	$(VENV)/bin/storyline --db $(DEMO_DB) show "$$($(VENV)/bin/storyline --db $(DEMO_DB) stories --json \
	  | $(PY) -c 'import json, sys; print(max(json.load(sys.stdin), key=lambda s: len(s["article_ids"]))["story_id"])')"

test: setup
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: setup
	$(VENV)/bin/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
