"""The benchmark suite in one command: every figure the issues ask for, on this machine.

Run: .venv/bin/python bench/run_all.py [--quick]
Each benchmark is its own script (run alone for details); this runs them in turn
and prints their output, so docs/performance.md can be refreshed from one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUITE = [
    ("rules load time", "bench_load.py", [], []),
    ("engine: playouts, state copy, save/load", "bench_engine.py", ["--games", "30"],
     ["--games", "8"]),
    ("OpenSpiel adapter vs raw engine", "bench_openspiel.py", ["--games", "30"],
     ["--games", "8"]),
    ("bots: ISMCTS iterations/s, decision times, vs OpenSpiel", "bench_ai.py", [],
     ["--skip-h2h"]),
    ("simulate: 1 vs 2 workers", "bench_simulate.py", ["--games", "200"], ["--games", "40"]),
    ("board: frame time and start-up", "bench_board.py", [], []),
    ("basemap render", "bench_basemap.py", [], []),
    ("soak: random and heuristic games on every scenario", "soak.py",
     ["--games", "10000"], ["--games", "200"]),
]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="smaller runs (minutes, not an hour)")
    args = p.parse_args()
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    failed = []
    for title, script, full, quick in SUITE:
        path = ROOT / "bench" / script
        if not path.exists():
            print(f"\n## {title}: {script} is missing")
            failed.append(script)
            continue
        print(f"\n## {title} ({script})", flush=True)
        cmd = [sys.executable, str(path), *(quick if args.quick else full)]
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        if code:
            failed.append(script)
    print(f"\n{len(SUITE) - len(failed)} of {len(SUITE)} benchmarks ran"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
