"""Every screen of a whole game fits: on both scenarios, at 1600×900 and 1280×720, no label's
or button's text is wider than its rectangle and no two region boxes overlap, from the start
screen through covers, hand-overs and each turn to the game-over screen.

Two seats are people, played from the keyboard (posted key events through the real event
loop); the others are random bots, so a game takes seconds.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.render.boxes import overlaps
from game.ui import testing as ui
from game.ui.app import App
from game.ui.gameover import GameOverScene
from game.ui.gui import overflowing
from game.ui.play import PlayScene

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


SIZES = ((1280, 720), (1600, 900))


def fits(app: App, where: str) -> None:
    """This screen fits at both sizes: checked at the window's, then laid out again at the
    other and checked, then back (the layout is a function of the size, not of history)."""
    here = app.size
    for size in (here, *(s for s in SIZES if s != here), here):
        if size != app.size:
            pygame.display.set_mode(size)
            app.resize(size)
        ui.steps(app, 1)
        bad = overflowing(app.manager)
        assert not bad, f"{where} at {size}: {bad}"
        scene = app.scene
        if isinstance(scene, PlayScene) and scene.box_layout is not None and not scene.covered:
            assert overlaps(scene.box_layout.boxes) == [], f"{where} at {size}"


@pytest.mark.parametrize(
    ("scenario", "size"), [("georgia-2008", (1280, 720)), ("caucasus-2020", (1600, 900))]
)
def test_every_screen_of_a_game_fits(scenario: str, size: tuple[int, int]) -> None:
    """A whole game of each scenario, every screen checked at 1280x720 and 1600x900."""
    turns = None
    rules_dir = REPO / "rules" / scenario
    app = App(scenario=rules_dir, seed=4, bots=(), size=size, fps=0, bot_delay_ms=0,
              clock=lambda: 0.0)  # fmt: skip
    ui.steps(app, 2)
    fits(app, "start screen")
    seats = [b for b in app.scene.choices.seats(app.scene.rules)]
    for seat in [s.seat for s in seats][2:]:  # the third seat on: random bots
        button = ui.find(app, f"#seat_{seat}")
        for _ in range(3):  # human -> heuristic -> ismcts -> random
            ui.click(app, button)
    ui.click(app, ui.find(app, "#start"))
    scene = app.scene
    assert isinstance(scene, PlayScene)
    turn = 0
    for _ in range(6000):
        table = scene.table
        if table.is_over():
            break
        state = table.session.state
        if state.turn != turn:
            turn = state.turn
            fits(app, f"turn {turn}")
            if turns is not None and turn > turns:
                return  # these turns' screens fit; the end is the whole game's to check
        if scene.covered:
            fits(app, "cover")
            ui.post_key(pygame.K_RETURN)
        elif table.pass_pending():
            fits(app, "hand-over")
            ui.post_key(pygame.K_RETURN)
        elif table.bot_to_move():
            for _ in range(60):  # the bots' moves as the scene makes them, without a frame each
                if not table.bot_to_move() or table.session.state.turn != turn:
                    break
                scene.bot_tick()
        else:
            view = scene.view()
            kind = view.decision.kind.value
            if kind == "card":
                ui.post_key(pygame.K_1)
                ui.steps(app, 1)
                ui.post_key(pygame.K_RETURN)
            elif kind == "target":
                ui.post_key(pygame.K_TAB)
                ui.steps(app, 1)
                ui.post_key(pygame.K_RETURN)
            else:
                ui.post_key(pygame.K_1)
        ui.steps(app, 1)
    assert scene.table.is_over(), "the game did not end"
    fits(app, "the end of the game")
    ui.post_key(pygame.K_r)
    ui.steps(app, 3)
    assert isinstance(app.scene, GameOverScene)
    fits(app, "game over")
