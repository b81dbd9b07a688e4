"""simulate's scaling (a benchmark, not a test): throughput on 1 and on 2 worker processes.

Target (issue 5): 2 workers give at least 1.8x the games/s of 1 worker.
Run: .venv/bin/python bench/bench_simulate.py [--games 200] [--bots random]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.sim.batch import jobs, run_local  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--games", type=int, default=200)
    p.add_argument("--bots", default="random")
    p.add_argument("--scenario", default=str(ROOT / "rules" / "caucasus-2020"))
    args = p.parse_args()
    from game.ruleset.load import load_ruleset

    seats = load_ruleset(args.scenario).manifest.seats
    todo = jobs(args.scenario, args.games, 1, dict.fromkeys(seats, args.bots))
    rates = {}
    results = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        results[workers] = run_local(todo, workers)
        rates[workers] = args.games / (time.perf_counter() - t0)
        print(f"{workers} worker(s): {rates[workers]:.1f} games/s")
    assert results[1] == results[2], "results differ between worker counts"
    print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x (target >= 1.8x); "
          "identical results: yes")


if __name__ == "__main__":
    main()
