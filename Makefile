# The whole developer interface. CI calls the same targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast lint bench bench-library bench-audit bench-agenda bench-participation messages compilemessages install fonts browser clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed node_modules/.installed compilemessages fonts

# Noto fonts for the audit report's PDF (Latin, Cyrillic, Greek), from Debian.
fonts:
	@test -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf || (apt-get update -qq && apt-get install -y -qq fonts-noto-core)

compilemessages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v0

# Debian's chromium and Noto fonts for the browser tests (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core)

run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py demo_data
	$(PY) manage.py library_demo
	$(PY) manage.py audit_demo
	$(PY) manage.py agenda_demo
	$(PY) manage.py participation_demo
	@echo "Serving Integra at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --interval 2 >var/worker.log 2>&1 & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install browser
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages --no-obsolete --no-location --ignore '.venv/*' --ignore 'node_modules/*' \
		$(foreach l,bg cs hr it sk uk ru ar fa vi tr en,-l $(l))

bench: install
	$(PY) bench/run.py
	$(PY) bench/library_bench.py
	$(PY) bench/audit_bench.py
	$(PY) bench/agenda_bench.py
	$(PY) bench/participation_bench.py

bench-library: install
	$(PY) bench/library_bench.py

bench-audit: install
	$(PY) bench/audit_bench.py

bench-agenda: install
	$(PY) bench/agenda_bench.py

bench-participation: install
	$(PY) bench/participation_bench.py

clean:
	rm -rf $(VENV) node_modules var static-collected
