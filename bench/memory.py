"""Memory of batch runs (not a test): the peak of a simulate on 2 workers, and growth per game.

Run: .venv/bin/python bench/memory.py [--games 200] [--workers 2] [--long 60]
     [--bots heuristic] [--json FILE]

1. ``near-abroad simulate --games N --workers W`` runs as a child process; its
   whole process tree (the command and its workers) is sampled every 0.2 s from
   /proc, and the peak of the summed resident memory is reported, with each
   process's own peak.
2. ``--long N`` games are played one after another in one process (the loop of
   a worker: game.sim.batch.run_job), the resident memory read after each; the
   mean of the last tenth is compared with the mean of the second tenth (the
   first holds the one-time loading). The issue's aim: flat within 10%.

Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            continue
    return out


def peak_of_simulate(games: int, workers: int, bots: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "games.json"
        cmd = [sys.executable, "-m", "game", "simulate", "--games", str(games), "--workers",
               str(workers), "--bots", bots, "--quiet", "--out", str(out)]  # fmt: skip
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
        peak_total, peaks = 0.0, {}
        while proc.poll() is None:
            pids = tree(proc.pid)
            sizes = {p: rss_mb(p) for p in pids}
            peak_total = max(peak_total, sum(sizes.values()))
            for p, mb in sizes.items():
                peaks[p] = max(peaks.get(p, 0.0), mb)
            time.sleep(0.2)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"simulate failed with exit code {proc.returncode}")
        played = len(json.loads(out.read_text())["games"])
    return {"command": " ".join(cmd[1:-2]), "games": played, "seconds": round(seconds, 1),
            "peak_total_mb": round(peak_total, 1),
            "peak_per_process_mb": sorted((round(v, 1) for v in peaks.values()), reverse=True)}


def growth(games: int, bots: str, scenario: str) -> dict[str, object]:
    from game.ruleset.load import load_ruleset
    from game.sim.batch import Job, run_job

    seats = load_ruleset(scenario).manifest.seats
    after = []
    t0 = time.perf_counter()
    for g in range(games):
        run_job(Job(scenario, 1 + g, dict.fromkeys(seats, bots)))
        gc.collect()
        after.append(rss_mb(os.getpid()))
    tenth = max(1, games // 10)
    early = sum(after[tenth : 2 * tenth]) / tenth
    late = sum(after[-tenth:]) / tenth
    return {"games": games, "bots": bots, "seconds": round(time.perf_counter() - t0, 1),
            "rss_mb_after_each_game": [round(x, 1) for x in after],
            "second_tenth_mean_mb": round(early, 1), "last_tenth_mean_mb": round(late, 1),
            "growth": round(late / early - 1, 4)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--games", type=int, default=200, help="games of the simulate run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bots", default="heuristic")
    ap.add_argument("--long", type=int, default=60, help="games in one process (0: skip)")
    ap.add_argument("--scenario", default=str(ROOT / "rules" / "caucasus-2020"))
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    result: dict[str, object] = {"benchmark": "bench/memory.py", "cpu_count": os.cpu_count(),
                                 "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    if args.games > 0:
        peak = peak_of_simulate(args.games, args.workers, args.bots)
        result["simulate"] = peak
        print(f"simulate {args.games} games on {args.workers} workers ({args.bots}): peak "
              f"{peak['peak_total_mb']} MB in all, per process {peak['peak_per_process_mb']} "
              f"MB, {peak['seconds']} s")  # fmt: skip
    if args.long > 0:
        g = growth(args.long, args.bots, args.scenario)
        result["growth"] = g
        print(f"{args.long} games in one process: {g['second_tenth_mean_mb']} MB (second "
              f"tenth) -> {g['last_tenth_mean_mb']} MB (last tenth): {g['growth']:+.1%}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
