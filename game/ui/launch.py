"""Opening the board from the command line: settings, language, window, first scene.

``run`` is the entry point of ``near-abroad play`` (without ``--text``). It
never shows a traceback for bad input: a window that cannot open says so and
points at the terminal game, settings that cannot be kept are said and the board
opens anyway, and a bad save falls back to the start screen with the reason.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import pygame

from game.session.paths import autosave_path
from game.session.settings import keep_settings, load_settings
from game.ui.app import App


def run(
    *,
    scenario: str | Path,
    seed: int = 1,
    bots: Sequence[str] = (),
    load: str | None = None,
    resume: bool = False,
    size: tuple[int, int] = (1600, 900),
    max_frames: int | None = None,
    control: bool = False,
    mods: Sequence[str] = (),
    scale: float | None = None,
) -> int:
    """Open the game window; returns the exit code (0, or 1 if no window could be opened).

    With ``load`` or ``resume`` the saved game opens at once (a bad file falls back
    to the start screen with the reason); otherwise the start screen opens.
    ``scale`` is the UI scale for a HiDPI screen (saved with the user's settings; None:
    the saved one). ``control`` starts with the Control cell toggled on (seminar play). ``mods``
    (folders, or ids of installed mods) start switched on; a saved game loads
    with the mods it was played with.
    """
    from game.i18n import use_chosen_language

    settings, problem = load_settings()
    if problem:
        print(f"near-abroad: {problem}", file=sys.stderr)
    use_chosen_language()
    if scale is not None and scale != settings.ui_scale:
        try:
            settings = keep_settings(ui_scale=scale)  # kept for the next launch
        except OSError as exc:
            print(f"near-abroad: the scale is not kept for later launches: {exc}",
                  file=sys.stderr)  # fmt: skip
            settings = attrs.evolve(settings, ui_scale=scale)
    try:
        app = App(
            scenario=scenario,
            seed=seed,
            bots=bots,
            size=size,
            control=control,
            mods=mods,
            scale=settings.ui_scale,
        )
    except pygame.error as exc:
        print(
            f"near-abroad: cannot open a window ({exc}); try 'near-abroad play --text'",
            file=sys.stderr,
        )
        return 1
    source = load or (str(autosave_path()) if resume else None)
    if source:
        app.open_save(source, str(scenario))
    return app.run(max_frames)


__all__ = ["run"]
