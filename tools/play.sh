#!/usr/bin/env bash
# Set up a fresh machine and play the default scenario (pass arguments through to `play`).
# The install runs only when pyproject.toml changed since the last one, so a second launch
# starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.near-abroad-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  touch "$stamp"
fi
exec .venv/bin/near-abroad play "$@"
