# Two commands for a new machine: `make build` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: build test serve browser-deps clean

# `make build BASE_URL=https://org.github.io/conf/` publishes under that address (as --base-url does).
build: $(STAMP)
	$(PY) build.py $(if $(BASE_URL),--base-url "$(BASE_URL)")

test: $(STAMP) browser-deps $(NODE_STAMP)
	$(PY) -m pytest

serve: $(STAMP)
	$(VENV)/bin/confsite serve

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) -e '.[test]'
	touch $@

# The checkers of the test suite (axe-core, the Nu HTML Checker), pinned in package-lock.json.
# --ignore-scripts: vnu-jar ships its jar; its install script would only look for Java on the network.
$(NODE_STAMP): package.json package-lock.json | browser-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's chromium (never a downloaded browser); the Nu HTML Checker needs Java;
# npm installs the checkers (and ical.js, the calendar parser of Thunderbird); xmllint (libxml2-utils) checks
# schedule.xml against its XSD.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

clean:
	rm -rf _site .venv .pytest_cache node_modules
