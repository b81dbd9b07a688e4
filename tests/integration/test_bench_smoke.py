"""The engine benchmark still runs against the engine as it is (a benchmark that breaks
silently measures nothing): a two-game run prints every figure it reports."""

from __future__ import annotations

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
