"""Time the board: a full frame at 1600x900 (target <= 8 ms median) and start to first frame
(target <= 1.5 s).

A "full frame" is one turn of the app's own loop (events, scene update,
pygame_gui update, board + panels + widgets drawn, display flip) in the middle
of a game of the default scenario, with a target choice on screen (gold
outlines, veiled boxes) and the mouse over a region (tooltip). The board
alone (``draw_board``) and a zoom step (relayout + map re-render) are shown
too. Start-up is measured in a fresh interpreter, from before the first
import to the first frame on screen, and as the wall time of the whole process.

    SDL_VIDEODRIVER=dummy python bench/bench_board.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("NEAR_ABROAD_HOME", tempfile.mkdtemp(prefix="near-abroad-bench-"))
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZE = (1600, 900)
SCENARIO = REPO / "rules" / "caucasus-2020"

FIRST_FRAME = """
import time
t0 = time.perf_counter()
from game.ui.app import App
app = App(scenario={scenario!r}, size={size!r}, fps=0)
app.step()
t1 = time.perf_counter()
app.scene.start()
app.step()
print(t1 - t0, time.perf_counter() - t1)
"""


def _median_ms(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def mid_game_app():  # type: ignore[no-untyped-def]
    """An app in turn 3 of a seeded game, Russia (human) choosing a target for an operation."""
    import pygame

    from game.engine import Action
    from game.ui.app import App
    from game.ui.play import PlayScene

    bots = ("azerbaijan", "armenia", "turkey", "iran", "west")
    app = App(scenario=SCENARIO, size=SIZE, fps=0, bot_delay_ms=0, bots=bots, seed=4)
    app.step()
    app.scene.start()
    scene = app.scene
    assert isinstance(scene, PlayScene)
    table = scene.table
    for _ in range(2000):  # bots and a simple Russia until turn 3, round 1
        view = table.view()
        if view.turn >= 3 and table.acting == "russia":
            break
        if table.acting == "russia":
            table.act(view.legal[0])
        else:
            table.bot_step()
    view = table.view()
    table.act(next(a for a in view.legal if a.kind == "play"))
    view = table.view()
    if Action("ops") in view.legal:
        table.act(Action("ops"))
    op = next(a for a in table.view().legal if a.kind == "op")
    table.act(op)
    for _ in range(3):
        app.step()
    rid = next(a.arg for a in table.view().legal if a.kind == "target")
    x, y, _, _ = scene.box_layout.boxes[rid]
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(x + 10, y + 8), rel=(0, 0), buttons=(0, 0, 0))
    )
    app.step()
    return app


def main() -> None:
    import pygame

    from game.render.board import draw_board

    app = mid_game_app()
    scene = app.scene
    for _ in range(20):
        app.step()
    frame = _median_ms(app.step, 300)
    print(f"median full frame at {SIZE[0]}x{SIZE[1]} (mid-game):        {frame:6.2f} ms  (<= 8)")
    view = scene.view()
    board = _median_ms(
        lambda: draw_board(app.screen, scene.viewport, view, scene.rules, scene.highlights()), 300
    )
    print(f"board only (draw_board, map and boxes cached):      {board:6.2f} ms")

    def zoom_step() -> None:
        scene.mapc.viewport = scene.viewport.zoomed(1.25 if scene.viewport.zoom < 2 else 0.5)
        app.step()

    zoom = _median_ms(zoom_step, 20)
    print(f"a zoom step (relayout + map re-render, once a step):  {zoom:6.2f} ms")
    pygame.quit()

    code = FIRST_FRAME.format(scenario=str(SCENARIO), size=SIZE)
    inner, outer, board_first = [], [], []
    for _ in range(5):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        )
        outer.append(time.perf_counter() - t)
        a, b = out.stdout.strip().splitlines()[-1].split()
        inner.append(float(a))
        board_first.append(float(b))
    first = statistics.median(inner)
    print(f"start to first frame (imports, window, start screen): {first:6.3f} s  (<= 1.5)")
    board = statistics.median(board_first)
    print(f"Start clicked to first board frame (map, layout):     {board:6.3f} s")
    print(
        f"whole process (interpreter start to exit):            {statistics.median(outer):6.3f} s"
    )


if __name__ == "__main__":
    main()
