#!/usr/bin/env bash
# Runs the whole test suite: lint, type check, unit/CLI/AppTest tests and the browser tests.
# Installs what it needs first (virtual environment, pinned packages, Debian's Chromium and fonts).
# Extra arguments go to pytest, e.g. ./test.sh -m "not browser" -x
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh dev
scripts/debian-test-deps.sh
.venv/bin/ruff check kb tests app.py app_pages bench
.venv/bin/mypy
.venv/bin/lint-imports --no-cache   # the layer contracts in pyproject.toml
.venv/bin/vulture kb app_pages app.py scripts/vulture_whitelist.py --min-confidence 60 --ignore-decorators "@command"
exec .venv/bin/python -m pytest "$@"
