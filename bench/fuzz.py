"""The long run of the project's fuzz target (issue 15): mutated rules played, damaged files
replayed, and every outcome counted.

Each case is drawn by Hypothesis (tests/fuzz_kit.py says what a case is and what must
hold); a failing case is recorded with its message and the run goes on, so the counts
cover the whole budget. The test suite runs the same cases at a small budget
(tests/property/test_fuzz.py).

    .venv/bin/python bench/fuzz.py [--rules N] [--files N] [--seed S] [--out FILE]

Writes a JSON file of counts (bench/results/fuzz-issue15.json by default): how many rule
sets were mutated, refused, played (and how those games ended: over, stopped after 300
steps, or stopped by a rules loop), how many saves and logs were damaged and then
replayed or refused, and every failure with its message.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz_kit import files_case, rules_case  # noqa: E402


def run(kind: str, budget: int, seed: int, folder: Path) -> dict[str, Any]:
    """``budget`` cases of one kind; the counts and the failures."""
    tally: Counter[str] = Counter()
    failures: list[str] = []
    start = time.perf_counter()

    @hypothesis_seed(seed)
    @settings(
        max_examples=budget,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        try:
            if kind == "rules":
                rules_case(data, tally)
            else:
                files_case(data, folder, tally)
        except Exception:  # counted and kept: the run covers the whole budget
            tally["failures"] += 1
            if len(failures) < 50:
                failures.append(traceback.format_exc(limit=6))
        done = tally["rules"] + tally["save"] + tally["log"]
        if done % 500 == 0:
            print(f"  {kind}: {done} cases, {tally['failures']} failures", flush=True)

    case()
    return {
        "cases": budget,
        "seconds": round(time.perf_counter() - start, 1),
        "counts": dict(sorted(tally.items())),
        "failures": failures,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", type=int, default=10_000, help="mutated rule sets (10000)")
    ap.add_argument("--files", type=int, default=10_000, help="damaged saves and logs (10000)")
    ap.add_argument("--seed", type=int, default=15, help="Hypothesis's seed (15)")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "fuzz-issue15.json"))
    args = ap.parse_args()
    out: dict[str, Any] = {"seed": args.seed, "command": " ".join(sys.argv)}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, budget in (("files", args.files), ("rules", args.rules)):
            if budget > 0:
                print(f"{kind}: {budget} cases", flush=True)
                out[kind] = run(kind, budget, args.seed, Path(tmp))
                print(json.dumps(out[kind]["counts"]), flush=True)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    failed = sum(out[k]["counts"].get("failures", 0) for k in ("rules", "files") if k in out)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
