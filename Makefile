# Each target creates or refreshes .venv from pyproject.toml, so a fresh machine needs only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
LINTED := validate tests docs/gen annotation bench
LOWEST := .venv-lowest
NEWEST := .venv-newest
# The newest Python this kind of machine has: 3.13 from pyenv, in the machine's image (Debian 12
# packages only 3.11, and uv's own Python builds are not downloadable from here).
NEWEST_PYTHON ?= $(firstword $(wildcard /root/.pyenv/versions/3.13*/bin/python3.13))

# pytest-xdist's workers for the everyday tests; WORKERS=0 runs them in this process.
WORKERS ?= 2
SLOW    := spark or browser

.PHONY: validate test test-spark test-browser test-all test-lowest test-newest lint docs serve browser java release clean

# The runtime only (what `make validate` needs): the validator and the data libraries.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

# Added on top for tests, lint, docs and releases: the dev tools, the browser driver and Spark.
$(DEV): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,spark]'
	touch $(DEV)

validate: $(STAMP)  ## validate the bundled package (installs the runtime only)
	$(VENV)/bin/security-guarantees-2022

# The everyday check: everything but the Spark and browser suites, which `make test-all` and CI
# run too. The two together are the whole suite: `-m spark` and `-m browser` select the rest.
test: lint  ## lint, type-check and run the tests (the Spark and browser suites aside), in parallel
	$(PY) -m pytest -n $(WORKERS) -m 'not ($(SLOW))'

# The Spark engine's differential tests, as a driver of a standalone cluster (a master and a
# worker on 127.0.0.1, started and removed by tests/spark_cluster.py); one process, since Spark
# itself takes both cores.
test-spark: $(DEV) java  ## the Spark engine's tests, against a standalone Spark cluster on localhost
	$(PY) -m pytest -m spark

test-browser: $(DEV) browser  ## the built site's tests in Debian's chromium
	$(PY) -m pytest -m browser

test-all: test test-spark test-browser  ## the whole suite: lint, types, every test

lint: $(DEV)  ## ruff (code, tests, docs generators, annotation tools, bench) and mypy
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy  # validate, docs/gen and tests: [tool.mypy] in pyproject.toml
	$(VENV)/bin/mypy --strict validate  # the package and its `python -m validate` entry: strict mode

# The suite on the lowest versions pyproject.toml allows (uv's lowest-direct resolution, in a
# venv of its own made afresh), so that a lower bound the code has outgrown fails here. The
# browser tests are left out: they check the built site in Debian's chromium, which the
# lowest allowed playwright (1.45) predates by many releases, and `make test-browser` runs them.
# So are the Spark engine's (the spark extra is not installed here; `make test-spark` runs them).
test-lowest:  ## the tests (Spark and browser aside) on the lowest allowed versions, in .venv-lowest
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet uv
	$(LOWEST)/bin/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[dev]'
	$(LOWEST)/bin/python -m pytest -n $(WORKERS) -m 'not ($(SLOW))'

# The suite on the newest Python there is here, with the newest versions pip finds; the browser
# and Spark tests are left out as above.
test-newest:  ## the tests (Spark and browser aside) on the newest Python here, in .venv-newest
	@test -n "$(NEWEST_PYTHON)" || { echo "no Python 3.13 found: name one in NEWEST_PYTHON=..."; exit 1; }
	rm -rf $(NEWEST)
	$(NEWEST_PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/python -m pip install --quiet -e '.[dev]'
	$(NEWEST)/bin/python -m pytest -n $(WORKERS) -m 'not ($(SLOW))'

docs: $(DEV)  ## build the site into site/
	$(VENV)/bin/mkdocs build --strict

serve: $(DEV)  ## serve the site on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve

release: $(DEV)  ## dist/: zip + SHA256SUMS, Parquet, SQLite, and the built site
	$(VENV)/bin/security-guarantees-2022 release --out dist
	$(VENV)/bin/mkdocs build --strict --site-dir dist/site

# The browser tests drive Debian's chromium; playwright's own browser download does not work offline.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: /usr/bin/chromium not found; browser tests will be skipped (install Debian's chromium)"; fi

# The Spark engine's tests need a Java runtime; installed like chromium when missing.
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else echo "note: java not found; the Spark engine's tests will be skipped (install Debian's openjdk-17-jre-headless)"; fi

clean:
	rm -rf $(VENV) $(LOWEST) $(NEWEST) site dist
