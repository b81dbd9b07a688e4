"""The short soak run: random and heuristic games on every shipped scenario finish cleanly.

The long one (10,000 games) is bench/soak.py.
"""

from __future__ import annotations

import importlib.util

from tests.scenario_kit import ROOT

spec = importlib.util.spec_from_file_location("soak", ROOT / "bench" / "soak.py")
assert spec is not None and spec.loader is not None
soak = importlib.util.module_from_spec(spec)
spec.loader.exec_module(soak)


def test_a_short_soak_run_has_no_failures() -> None:
    todo = soak.soak_jobs(24, heuristic_share=1 / 8)
    assert {j.scenario for j in todo} == {
        str(p.parent) for p in (ROOT / "rules").glob("*/scenario.yaml")
    }
    assert any(j.bots for j in todo) and any(not j.bots for j in todo)
    results = [soak._safe(job) for job in todo]
    failures = [(job, err) for job, err in results if err]
    assert failures == [], failures[0][1] if failures else ""
