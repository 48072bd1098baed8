# Each target creates or refreshes .venv from pyproject.toml, so a fresh machine needs only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LINTED := validate tests docs/gen annotation bench

.PHONY: validate test lint docs serve browser release clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	@# the clone's own validate/ on the path everywhere in this environment (an installed
	@# distribution carries the code as security_guarantees_2022, with the package's data)
	$(PY) -c 'import site, sys; open(site.getsitepackages()[0] + "/security-guarantees-2022-clone.pth", "w").write(sys.argv[1] + "\n")' "$(CURDIR)"
	touch $(STAMP)

validate: $(STAMP)  ## validate the bundled package
	$(PY) -m validate

test: lint browser  ## lint, type-check and run the whole test suite
	$(PY) -m pytest

lint: $(STAMP)  ## ruff (code, tests, docs generators, annotation tools, bench) and mypy
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy  # validate, docs/gen and tests: [tool.mypy] in pyproject.toml

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

clean:
	rm -rf $(VENV) site dist
