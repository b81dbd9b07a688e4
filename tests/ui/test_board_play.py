"""Playing through the real event loop: posted mouse clicks and key presses, as a player would.

Every test builds the App, posts SDL events and runs the app's own frames; the
session's record then tells what the clicks did. No timing is asserted: bots
move without delay and the clock is frozen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.engine import Action
from game.session import storage
from game.ui import testing as ui
from game.ui.app import App
from game.ui.gameover import GameOverScene
from game.ui.launch import run
from game.ui.play import PlayScene
from game.ui.start import StartScene

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "rules" / "caucasus-2020"
TINY = REPO / "tests" / "scenarios" / "tiny"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def make_app(scenario: Path, bots: tuple[str, ...], seed: int = 1, size=(1280, 720)) -> App:  # type: ignore[no-untyped-def]
    app = App(
        scenario=scenario, seed=seed, bots=bots, size=size, fps=0, bot_delay_ms=0, clock=lambda: 0.0
    )
    ui.steps(app, 2)
    return app


def start(app: App) -> PlayScene:
    """Start from the start screen with the Enter key."""
    assert isinstance(app.scene, StartScene)
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    assert isinstance(app.scene, PlayScene)
    return app.scene


def human_decision(app: App, scene: PlayScene) -> None:
    """Take one decision with the mouse: the way a careful player would, from what is on screen."""
    view = scene.view()
    kinds = {a.kind for a in view.legal}
    if "play" in kinds:
        playable = [i for i, cid in enumerate(view.hand) if Action("play", cid) in view.legal]
        i = playable[0]
        ui.click(app, scene.hand.cards[i][2])  # read the card...
        assert scene.hand.selected == view.hand[i]
        play = scene.hand.action_button(Action("play", view.hand[i]))
        assert play is not None
        ui.click(app, play)  # ...and play it
    elif "ops" in kinds:
        ui.click(app, scene.hand.action_button(Action("ops")))
    elif "target" in kinds:
        layout = scene.box_layout
        assert layout is not None
        spots = [a.arg for a in view.legal if a.kind == "target"]
        rid = spots[0]
        x, y, w, _ = layout.boxes[rid]
        ui.click(app, (x + w // 2, y + 6))  # on the region's box on the map
    elif "op" in kinds:
        op = next(a for a in view.legal if a.kind == "op")
        ui.click(app, scene.hand.action_button(op))
    else:
        ui.click(app, scene.hand.action_button(view.legal[0]))


def play_turn(app: App, scene: PlayScene, human: str) -> list[str]:
    """Play until the turn ends; returns the human's recorded actions."""
    turn = scene.view().turn
    for _ in range(400):
        if not isinstance(app.scene, PlayScene) or scene.view().turn != turn:
            break
        if scene.table.acting == human:
            before = len(scene.table.session.record.steps)
            human_decision(app, scene)
            assert len(scene.table.session.record.steps) > before, scene.view().prompt
        else:
            ui.steps(app, 1)
    return [s.action for s in scene.table.session.record.steps if s.actor == human]


def test_a_whole_turn_of_the_tiny_scenario_by_mouse(home: Path) -> None:
    app = make_app(TINY, bots=("blue",))
    scene = start(app)
    table = scene.table
    assert table.humans == ("red",)
    mine = play_turn(app, scene, "red")
    rounds = table.rules.manifest.action_rounds
    assert sum(1 for a in mine if a.startswith("play ")) == rounds
    steps = table.session.record.steps
    assert sum(1 for s in steps if s.actor == "blue" and s.action.startswith("play ")) == rounds
    assert scene.view().turn == 2 or table.is_over()
    saved = storage.load(home / "autosave.json")  # autosaved after every action
    assert saved.steps == steps


def test_a_whole_turn_of_the_default_scenario_by_mouse(home: Path) -> None:
    bots = ("azerbaijan", "armenia", "turkey", "iran", "west")
    app = make_app(DEFAULT, bots=bots, seed=3)
    scene = start(app)
    mine = play_turn(app, scene, "russia")
    rules = scene.rules
    assert sum(1 for a in mine if a.startswith("play ")) == rules.manifest.action_rounds
    assert any(a.startswith("target ") for a in mine) or any(a == "event" for a in mine)
    steps = scene.table.session.record.steps
    for bot in bots:
        assert any(s.actor == bot and s.action.startswith("play ") for s in steps), bot
    assert scene.view().turn == 2 or scene.table.is_over()
    # What the bots did is in the log on screen.
    assert "GAME LOG (newest first)" in app.visible_texts()


def test_keyboard_undo_zoom_pan_and_help(home: Path) -> None:
    app = make_app(TINY, bots=("blue",))
    scene = start(app)
    table = scene.table
    human_decision(app, scene)  # select and play a card
    played = len(table.session.record.steps)
    ui.post_key(pygame.K_z, pygame.KMOD_CTRL)
    ui.steps(app, 2)
    assert len(table.session.record.steps) < played
    assert table.acting == "red"
    zoom = scene.viewport.zoom
    x, y, w, h = scene.layout.map
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(x + w // 2, y + h // 2), rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False, precise_x=0.0, precise_y=1.0)
    )
    ui.steps(app, 2)
    assert scene.viewport.zoom > zoom
    centre = scene.viewport.center
    start_pos = (x + w // 2, y + h // 2)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start_pos, button=1))
    ui.steps(app, 1)
    for dx in (10, 40, 80):
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEMOTION,
                pos=(start_pos[0] + dx, start_pos[1]),
                rel=(dx, 0),
                buttons=(1, 0, 0),
            )
        )
        ui.steps(app, 1)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start_pos[0] + 80, start_pos[1]), button=1)
    )
    ui.steps(app, 2)
    assert scene.viewport.center[0] < centre[0]  # dragged right: the map moved east
    ui.post_key(pygame.K_F1)
    ui.steps(app, 2)
    assert any("Keys and mouse" in t for t in app.visible_texts())


def test_save_dialog_and_screenshot(home: Path) -> None:
    app = make_app(TINY, bots=("blue",))
    scene = start(app)
    human_decision(app, scene)
    ui.post_key(pygame.K_s, pygame.KMOD_CTRL)
    ui.steps(app, 2)
    entry = ui.find(app, "#save_path")
    assert entry is not None
    target = home / "mine.json"
    entry.set_text(str(target))
    ui.click(app, ui.find(app, "#save_ok"))
    assert storage.load(target).steps == scene.table.session.record.steps
    ui.post_key(pygame.K_F12)
    ui.steps(app, 2)
    shots = list((home / "screenshots").glob("*.png"))
    assert len(shots) == 1


def test_bad_save_files_give_a_message_not_a_traceback(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = home / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    assert run(scenario=TINY, load=str(bad), size=(1280, 720), max_frames=3) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    app = make_app(TINY, bots=())
    assert isinstance(app.scene, StartScene)
    entry = ui.find(app, "#load_path")
    assert entry is not None
    entry.set_text(str(bad))
    ui.click(app, ui.find(app, "#load"))
    assert isinstance(app.scene, StartScene)
    assert "not valid JSON" in app.scene.message
    entry.set_text(str(home / "missing.json"))
    ui.click(app, ui.find(app, "#load"))
    assert "no such file" in app.scene.message


def test_resume_continues_the_autosave(home: Path) -> None:
    app = make_app(TINY, bots=("blue",))
    scene = start(app)
    human_decision(app, scene)
    steps = scene.table.session.record.steps
    app2 = make_app(TINY, bots=())
    resume = ui.find(app2, "#resume")
    assert resume is not None and resume.is_enabled
    ui.click(app2, resume)
    assert isinstance(app2.scene, PlayScene)
    assert app2.scene.table.session.record.steps[: len(steps)] == steps
    assert app2.scene.table.bots.keys() == {"blue"}


def test_an_unknown_bot_seat_is_explained_on_the_start_screen(home: Path) -> None:
    app = make_app(TINY, bots=("green",))
    assert isinstance(app.scene, StartScene)
    assert "green" in app.scene.message and "red, blue" in app.scene.message


def test_seat_toggles_and_bad_seed_on_the_start_screen(home: Path) -> None:
    app = make_app(TINY, bots=("blue",))
    toggle = ui.find(app, "#seat_red")
    assert toggle is not None and toggle.text == "Human"
    ui.click(app, toggle)
    assert ui.find(app, "#seat_red").text.startswith("Bot")
    seed = ui.find(app, "#seed")
    seed.set_text("")
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, StartScene) and "seed" in app.scene.message
    seed = ui.find(app, "#seed")
    seed.set_text("12")
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    assert app.scene.table.session.record.seed == 12
    assert set(app.scene.table.bots) == {"red", "blue"}


def test_a_game_of_bots_reaches_the_game_over_screen(home: Path) -> None:
    app = make_app(TINY, bots=("red", "blue"))
    scene = start(app)
    for _ in range(500):
        if not isinstance(app.scene, PlayScene):
            break
        ui.steps(app, 1)
    assert isinstance(app.scene, GameOverScene)
    texts = app.visible_texts()
    assert "Game over" in texts
    for seat, vp in scene.table.scores().items():
        assert f"{vp} VP" in texts, seat
    ui.click(app, ui.find(app, "#over_save"))
    entry = ui.find(app, "#save_path")
    entry.set_text(str(home / "record.json"))
    ui.click(app, ui.find(app, "#save_ok"))
    data = json.loads((home / "record.json").read_text(encoding="utf-8"))
    assert data["app"] == "near-abroad"
    ui.click(app, ui.find(app, "#over_new"))
    assert isinstance(app.scene, StartScene)


def test_a_bad_scenario_shows_its_errors(tmp_path: Path) -> None:
    broken = REPO / "tests" / "data" / "broken" / "unknown_region_in_effect"
    app = make_app(broken, bots=())
    assert isinstance(app.scene, StartScene)
    assert app.scene.rules is None
    assert not ui.find(app, "#start").is_enabled
    assert any("cannot be played" in t for t in app.visible_texts())


def test_resizing_and_full_screen_keep_the_game_going(home: Path) -> None:
    app = make_app(TINY, bots=("blue",), size=(1600, 900))
    scene = start(app)
    steps = len(scene.table.session.record.steps)
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1280, h=720, size=(1280, 720)))
    ui.steps(app, 2)
    assert scene.layout.size == (1280, 720)
    assert scene.hand.cards  # the hand was rebuilt for the new size
    ui.post_key(pygame.K_F11)
    ui.steps(app, 2)
    human_decision(app, scene)
    assert len(scene.table.session.record.steps) > steps


def test_the_final_board_and_back_to_the_results(home: Path) -> None:
    app = make_app(TINY, bots=("red", "blue"))
    start(app)
    for _ in range(500):
        if isinstance(app.scene, GameOverScene):
            break
        ui.steps(app, 1)
    ui.click(app, ui.find(app, "#over_board"))
    assert isinstance(app.scene, PlayScene) and app.scene.table.is_over()
    ui.click(app, ui.find(app, "#results"))
    assert isinstance(app.scene, GameOverScene)
