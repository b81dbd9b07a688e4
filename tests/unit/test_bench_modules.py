"""The server benchmark's three files import as the package ``bench`` and share one copy of
the load code (run as a script or imported by a test, the same classes)."""

from __future__ import annotations

import importlib


def test_the_server_benchmark_imports_as_a_package_with_one_copy_of_its_load() -> None:
    main = importlib.import_module("bench.bench_server")
    load = importlib.import_module("bench.server_load")
    resume = importlib.import_module("bench.server_resume")
    assert main.memory_and_resume is resume.memory_and_resume
    assert main.Run is load.Run is resume.Run
    assert main.ServerProc is load.ServerProc is resume.ServerProc
