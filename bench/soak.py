"""Soak run (a benchmark, not a test): many random and heuristic games on every shipped
scenario must all finish without an exception.

Run: .venv/bin/python bench/soak.py [--games 10000] [--workers 2] [--heuristic-share 0.02]
The short version runs in the test suite (tests/property/test_soak.py).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.sim.batch import Job, run_job  # noqa: E402


def soak_jobs(games: int, heuristic_share: float, seed: int = 1) -> list[Job]:
    """Games spread over every shipped scenario; every k-th one with heuristic bots."""
    scenarios = sorted(str(p.parent) for p in (ROOT / "rules").glob("*/scenario.yaml"))
    every = max(1, round(1 / heuristic_share)) if heuristic_share > 0 else 0
    out = []
    for i in range(games):
        kind = "heuristic" if every and i % every == 0 else "random"
        scenario = scenarios[i % len(scenarios)]
        out.append(Job(scenario, seed + i, {} if kind == "random" else _all(scenario, kind)))
    return out


def _all(scenario: str, kind: str) -> dict[str, str]:
    from game.ruleset.load import load_ruleset

    return dict.fromkeys(load_ruleset(scenario).manifest.seats, kind)


def _safe(job: Job) -> tuple[Job, str | None]:
    try:
        run_job(job)
        return job, None
    except Exception:  # a soak run reports every failure instead of stopping at the first
        return job, traceback.format_exc()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--games", type=int, default=10_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--heuristic-share", type=float, default=0.02)
    args = p.parse_args()
    todo = soak_jobs(args.games, args.heuristic_share)
    t0 = time.perf_counter()
    failures = []
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    with ProcessPoolExecutor(args.workers) as pool:
        for job, error in tqdm(pool.map(_safe, todo, chunksize=16), total=len(todo), unit="game"):
            if error:
                failures.append((job, error))
    dt = time.perf_counter() - t0
    heur = sum(1 for j in todo if j.bots)
    print(
        f"soak: {len(todo)} games ({heur} with heuristic bots) on "
        f"{len({j.scenario for j in todo})} scenarios in {dt:.0f} s, {args.workers} workers: "
        f"{len(failures)} failed"
    )
    for job, error in failures[:5]:
        print(f"--- {job}\n{error}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
