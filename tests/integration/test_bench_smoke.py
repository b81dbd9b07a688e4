"""The engine benchmark still runs against the engine as it is (a benchmark that breaks
silently measures nothing): a two-game run prints every figure it reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_engine_runs_and_prints_every_figure() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_engine.py"), "--games", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for figure in ("random playouts", "derived state", "save full game", "load full game"):
        assert figure in done.stdout, (figure, done.stdout)


def test_ladder_against_an_older_commit_plays_a_pair_on_both_trees(tmp_path: Path) -> None:
    """bench/ladder_base.py: one duplicate pair against the ISMCTS of a commit extracted with
    git archive (HEAD: any clone has it), each tree in its own worker, the two engines
    checked to agree at every step (the run stops if they do not)."""
    out = tmp_path / "pair.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ladder_base.py"), "--base", "HEAD",
         "--pairs", "1", "--seconds", "0.01", "--tables", "1", "--scenario", "georgia-2008",
         "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    (got,) = json.loads(out.read_text(encoding="utf-8"))  # one pairing, as ladder.py writes
    assert got["duplicate_pairs"] == 1 and len(got["base"]) == 40
    games = got["results"]
    assert [g["game"] for g in sorted(games, key=lambda g: g["game"])] == [0, 1]
    assert {g["seed"] for g in games} == {1000}
    # The sides swap seats between the two games of the pair, and both sides decided.
    assert set(games[0]["a_seats"]).isdisjoint(games[1]["a_seats"])
    assert all(g["decisions"]["new ismcts"] > 0 and g["decisions"]["base ismcts"] > 0
               for g in games)  # fmt: skip
    assert "duplicate pairs" in done.stdout
    again = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ladder.py"), "--summary", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert again.returncode == 0 and "duplicate pairs" in again.stdout, again.stderr[-2000:]


def test_the_instruction_count_benchmark_runs_its_tasks_on_a_tree() -> None:
    """bench/instructions.py runs each task under callgrind in a process of its own; the
    task itself (without callgrind, which CI does not install) plays and says how much."""
    for task, least, warm in (("engine", 100, 0), ("heuristic", 1, 0), ("heuristic", 1, 2),
                              ("replay", 100, 1), ("replay-all", 100, 0)):  # fmt: skip
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "instructions.py"), "--run", str(ROOT),
             "--task", task, "--folder", str(ROOT / "rules" / "georgia-2008"), "--n", "1",
             "--positions", "1", "--warm", str(warm)],
            capture_output=True, text=True, timeout=300, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        did = json.loads(done.stdout.strip().splitlines()[-1])["done"]
        # the warm-up decisions are made, not counted
        assert did == 1 if task == "heuristic" else did >= least, (task, warm, did)
