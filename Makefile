# Each target creates or refreshes .venv from pyproject.toml, so a fresh machine needs only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: validate test lint docs serve browser java release clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev,spark]'
	@# the clone's own validate/ on the path everywhere in this environment (an installed
	@# distribution carries the code as security_guarantees_2022, with the package's data)
	$(PY) -c 'import site, sys; open(site.getsitepackages()[0] + "/security-guarantees-2022-clone.pth", "w").write(sys.argv[1] + "\n")' "$(CURDIR)"
	touch $(STAMP)

validate: $(STAMP)  ## validate the bundled package
	$(PY) -m validate

test: $(STAMP) browser java  ## lint, type-check and run the whole test suite
	$(VENV)/bin/ruff check validate tests docs/gen annotation
	$(VENV)/bin/ruff format --check validate tests docs/gen annotation
	$(VENV)/bin/mypy
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check validate tests docs/gen annotation
	$(VENV)/bin/ruff format --check validate tests docs/gen annotation
	$(VENV)/bin/mypy

docs: $(STAMP)  ## build the site into site/
	$(VENV)/bin/mkdocs build --strict

serve: $(STAMP)  ## serve the site on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve

release: $(STAMP)  ## dist/: zip + SHA256SUMS, Parquet, SQLite, and the built site
	$(PY) -m validate release --out dist
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
	rm -rf $(VENV) site dist
