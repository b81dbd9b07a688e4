"""Tests that need a tool outside Python (Chromium, Xvfb, an optional extra).

``tools/test.sh`` -- the README's test command and CI's -- installs every such tool and
says so by setting ``NEAR_ABROAD_TOOLS=installed``. Under it a missing tool fails the
test that needs it: a skip there would hide that the set-up is broken and the test never
ran. Run by hand (plain ``pytest``) without the tool, the test is skipped with a reason
that says how to get it.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

INSTALLED = os.environ.get("NEAR_ABROAD_TOOLS") == "installed"
"""True when tools/test.sh ran the tests (it installs every tool a test needs)."""


def need(present: bool, what: str) -> None:
    """Skip (a hand run without the tool) or fail (tools/test.sh promised it) unless
    ``present``; ``what`` says what is missing and how to install it."""
    if present:
        return
    if INSTALLED:
        pytest.fail(f"{what} -- tools/test.sh should have installed it; see its output")
    pytest.skip(what)


def need_module(name: str, extra: str) -> ModuleType:
    """The module ``name`` (from the package's ``extra``), as need() treats a tool."""
    try:
        return importlib.import_module(name)
    except ImportError:
        need(False, f"needs {name} (pip install -e '.[{extra}]')")
        raise
