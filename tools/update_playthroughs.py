"""Regenerate the golden playthroughs under tests/playthroughs/ (review the diff after)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.ruleset.load import load_ruleset  # noqa: E402
from game.sim.trace import playthrough  # noqa: E402

CASES = [("tests/scenarios/tiny", 1), ("rules/caucasus-2020", 1), ("rules/caucasus-2020", 2),
         ("rules/caucasus-2020", 3)]


def main() -> None:
    out = ROOT / "tests" / "playthroughs"
    out.mkdir(parents=True, exist_ok=True)
    for folder, seed in CASES:
        rules = load_ruleset(ROOT / folder)
        path = out / f"{Path(folder).name}--seed-{seed}.txt"
        path.write_text(playthrough(rules, seed))
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
