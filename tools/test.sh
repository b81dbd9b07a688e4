#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them.
# Idempotent: a second run reuses the virtual environment and installed packages.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
  command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
  # Debian's chromium opens the HTML after-action report headless (tests/ui/test_report_browser.py).
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") \
      >/dev/null 2>&1 || echo "warning: could not install ${need[*]}; the tests needing them will fail"
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,openspiel,plots,cluster,dev]'
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
# Everything a test needs is installed above: a test missing a tool fails, never skips
# (tests/tools_kit.py).
export NEAR_ABROAD_TOOLS=installed
.venv/bin/ruff check game tests tools bench
.venv/bin/mypy
# pytest-xdist spreads the tests over every core (CI has two); worksteal evens out the long ones.
exec .venv/bin/python -m pytest -q -n auto --dist worksteal "$@"
