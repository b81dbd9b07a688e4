"""Golden playthroughs: seeded games regenerated and compared with the committed traces.

A failure here means a change altered how games play. If that was intended,
regenerate with `python tools/update_playthroughs.py` and review the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from game.ruleset.load import load_ruleset
from game.sim.trace import playthrough
from tests.scenario_kit import ROOT

GOLDEN = ROOT / "tests" / "playthroughs"
CASES = sorted(GOLDEN.glob("*.txt"))


def case_args(path: Path) -> tuple[Path, int]:
    """`caucasus-2020--seed-3.txt` -> (rules/caucasus-2020, 3); tiny lives in tests/scenarios."""
    scenario, _, seed = path.stem.partition("--seed-")
    folder = ROOT / "rules" / scenario
    if not folder.is_dir():
        folder = ROOT / "tests" / "scenarios" / scenario
    return folder, int(seed)


def test_there_are_at_least_three_golden_playthroughs() -> None:
    assert len(CASES) >= 3, [p.name for p in CASES]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_playthrough_matches_the_golden_trace(path: Path) -> None:
    folder, seed = case_args(path)
    fresh = playthrough(load_ruleset(folder), seed)
    golden = path.read_text()
    if fresh != golden:
        diff = "".join(list(difflib.unified_diff(
            golden.splitlines(True), fresh.splitlines(True), "golden", "fresh"))[:60])
        pytest.fail(f"{path.name} changed; if intended, run tools/update_playthroughs.py\n"
                    + diff)
