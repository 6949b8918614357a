#!/usr/bin/env bash
# Creates .venv and installs the pinned packages when they changed.  Usage: scripts/bootstrap.sh [dev]
# Idempotent: a second run with the same lock files does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${KB_PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "kb needs Python 3.11 or newer: set KB_PYTHON to such an interpreter." >&2
  exit 1
fi
locks="requirements.lock requirements-data.lock pyproject.toml"
[ "${1:-}" = "dev" ] && locks="$locks requirements-dev.lock"
want=$(cat $locks | sha256sum | cut -c1-16)
stamp=.venv/.kb-installed-${1:-run}
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
echo "Installing pinned packages into .venv ..." >&2
log=.venv/pip-install.log
pipi() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" >>"$log" 2>&1 || {
    grep -v "^WARNING: Location" "$log" >&2; echo "Package installation failed (log: $log)." >&2; exit 1; }
}
: > "$log"
pipi -r requirements.lock
pipi --no-deps -r requirements-data.lock
if [ "${1:-}" = "dev" ]; then pipi -r requirements-dev.lock; fi
pipi --no-deps -e .
echo "$want" > "$stamp"
