"""Time the board background at 1600x900: cold (new viewport) and cached.

A frame must stay within ~8 ms including markers, so the cached path (one
blit) should cost 1-3 ms; the cold path is paid once per zoom or pan step.

    SDL_VIDEODRIVER=dummy python bench/bench_basemap.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame

from game.render.basemap import load_basemap, render_basemap
from game.render.projection import Viewport

SIZE = (1600, 900)


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    pygame.display.init()
    screen = pygame.display.set_mode(SIZE)  # the real target's pixel format
    basemap = load_basemap()
    view = Viewport.fit((0, 0, *SIZE))
    views = {"zoom 1": view, "zoom 3": view.with_zoom(3.0, view.to_screen(46.5, 40.0))}
    for name, vp in views.items():

        def cold(vp: Viewport = vp) -> None:
            basemap._cache.clear()  # labels stay cached, as in the game
            render_basemap(screen, vp, basemap)

        def cached(vp: Viewport = vp) -> None:
            render_basemap(screen, vp, basemap)

        render_basemap(screen, vp, basemap)  # warm up fonts and labels
        print(f"{name}: cold   median {_median_ms(cold, 30):6.2f} ms")
        render_basemap(screen, vp, basemap)
        print(f"{name}: cached median {_median_ms(cached, 300):6.2f} ms")
    pygame.quit()


if __name__ == "__main__":
    main()
