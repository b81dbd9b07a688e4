"""Render the board of a game in progress to a PNG, without a display (for the README).

    .venv/bin/python tools/screenshot.py [--out docs/board.png] [--seed 1] [--size 1600x900]

The first turn of the default scenario, Russia to act after the hand-off, with a card of its
own selected (its rules text in the detail box). The picture is the real board, drawn
by the game's own code under SDL's dummy video driver.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "board.png"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="1600x900", help="WIDTHxHEIGHT in pixels")
    args = parser.parse_args(argv)
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size {args.size}: write it like 1600x900")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("NEAR_ABROAD_HOME", tempfile.mkdtemp(prefix="near-abroad-shot-"))
    sys.path.insert(0, str(ROOT))
    import pygame

    from game.ui import testing as ui
    from game.ui.app import App

    others = ("azerbaijan", "armenia", "turkey", "iran", "west")
    app = App(
        scenario=ROOT / "rules" / "caucasus-2020",
        seed=args.seed,
        bots=others,
        size=(width, height),
        fps=0,
        bot_delay_ms=0,
        clock=lambda: 0.0,
    )
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#start"))
    ui.post_key(pygame.K_RETURN)  # Russia takes the screen
    ui.steps(app, 3)
    scene = app.scene
    view = scene.view()
    pick = next((i for i, c in enumerate(view.hand) if c not in view.event_notes), 0)
    ui.click(app, scene.hand.cards[pick][2])
    ui.steps(app, 2)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(app.screen, str(out))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
