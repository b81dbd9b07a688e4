#!/usr/bin/env bash
# Set up a fresh machine and play the default scenario (pass arguments through to `play`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/near-abroad play "$@"
