"""What is on screen: the hand-off cover hides every hand; screenshots match their references.

References live in tests/ui/screenshots/ at half size (they are compared at that
size, which also forgives sub-pixel noise). To regenerate them after a deliberate
change of the look: ``UPDATE_SCREENSHOTS=1 pytest tests/ui/test_board_screens.py``,
then look at the new PNGs before committing them. On a mismatch the actual image
and a diff image are written to pytest's tmp folder (the path is in the message).
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui import testing as ui
from game.ui.app import App
from game.ui.play import PlayScene

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "rules" / "caucasus-2020"
TINY = REPO / "tests" / "scenarios" / "tiny"
SHOTS = Path(__file__).resolve().parent / "screenshots"
THRESHOLD = 1.5
"""Mean absolute difference (0-255 per channel) tolerated: font hinting, not layout."""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def make_app(scenario: Path, bots: tuple[str, ...], seed: int = 1) -> App:
    app = App(
        scenario=scenario,
        seed=seed,
        bots=bots,
        size=(1280, 720),
        fps=0,
        bot_delay_ms=0,
        clock=lambda: 0.0,
    )
    ui.steps(app, 2)
    return app


def start(app: App) -> PlayScene:
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    return app.scene


def all_titles(scene: PlayScene) -> set[str]:
    state = scene.table.session.state
    return {scene.rules.cards[c].title for hand in state.hands.values() for c in hand}


def visible_card_text(app: App, titles: set[str]) -> list[str]:
    shown = app.visible_texts()
    return [t for t in shown if any(title in t for title in titles)]


def half(surface: pygame.Surface) -> pygame.Surface:
    w, h = surface.get_size()
    return pygame.transform.smoothscale(surface.convert(24), (w // 2, h // 2))


# -- the hand-off ------------------------------------------------------------------------------
def test_the_handoff_cover_shows_no_hand(tmp_path: Path) -> None:
    app = make_app(TINY, bots=(), seed=1)
    scene = start(app)
    titles = all_titles(scene)
    assert titles
    assert scene.covered and scene.table.acting == "red"
    assert visible_card_text(app, titles) == []
    assert not scene.hand.cards and not scene.hand.buttons
    assert any("Pass the screen to" in t for t in app.visible_texts())
    first = pygame.image.tobytes(app.screen, "RGB")

    # Red takes the screen: red's cards, and only red's, appear.
    ui.click(app, (640, 360))
    assert not scene.covered
    red = {scene.rules.cards[c].title for c in scene.table.session.state.hands["red"]}
    blue = {scene.rules.cards[c].title for c in scene.table.session.state.hands["blue"]} - red
    shown = visible_card_text(app, red | blue)
    assert shown and all(any(t in s for t in red) for s in shown)

    # Red plays a card; when blue is to act, the cover is back and no hand shows.
    while scene.table.acting == "red":
        view = scene.view()
        choice = view.legal[0]
        if choice.kind == "play":
            i = view.hand.index(choice.arg)
            ui.click(app, scene.hand.cards[i][2])
            ui.click(app, scene.hand.action_button(choice))
        elif choice.kind == "target":
            x, y, w, _ = scene.box_layout.boxes[choice.arg]
            ui.click(app, (x + w // 2, y + 6))
        else:
            ui.click(app, scene.hand.action_button(choice))
    # Red sees what the move did: the board stays, Blue's cards unseen, until Red passes.
    assert scene.table.acting == "blue" and not scene.covered
    assert scene.table.viewer == "red"
    assert all(any(t in s for t in red) for s in visible_card_text(app, red | blue))
    button = ui.find(app, "#pass_screen")
    assert button is not None and "pass the screen to Blue" in button.text
    ui.click(app, button)
    assert scene.covered and ui.find(app, "#pass_screen") is None
    assert visible_card_text(app, all_titles(scene)) == []

    # The same cover in another game, with other hands, is pixel for pixel the same (the
    # first game's autosave is set aside first, so no notice says it was kept).
    (tmp_path / "home" / "autosave.json").unlink()
    other = make_app(TINY, bots=(), seed=2)
    other_scene = start(other)
    assert all_titles(other_scene) != titles or (
        other_scene.table.session.state.hands != scene.table.session.state.hands
    )
    assert pygame.image.tobytes(other.screen, "RGB") == first


def test_the_cover_on_the_default_scenario_hides_every_hand() -> None:
    app = make_app(DEFAULT, bots=("azerbaijan", "turkey", "iran", "west"), seed=5)
    scene = start(app)
    assert scene.covered and scene.table.acting == "russia"
    assert visible_card_text(app, all_titles(scene)) == []
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    assert not scene.covered
    russia = {scene.rules.cards[c].title for c in scene.table.session.state.hands["russia"]}
    assert visible_card_text(app, russia)


# -- screenshots -------------------------------------------------------------------------------
def check(surface: pygame.Surface, name: str, out: Path) -> None:
    ok, why = ui.compare_screenshot(half(surface), SHOTS / f"{name}.png", out, THRESHOLD)
    assert ok, why


def test_start_screen_looks_as_designed(tmp_path: Path) -> None:
    app = make_app(DEFAULT, bots=("azerbaijan", "armenia", "turkey", "iran", "west"))
    app.scene.path_entry.set_text("saves/")  # the user folder differs per machine
    ui.steps(app, 2)
    check(app.screen, "start_1280x720", tmp_path)


def test_board_looks_as_designed(tmp_path: Path) -> None:
    app = make_app(DEFAULT, bots=("azerbaijan", "armenia", "turkey", "iran", "west"))
    scene = start(app)
    ui.steps(app, 2)
    check(app.screen, "board_1280x720", tmp_path)
    # A target choice: the legal regions outlined in gold, the others veiled.
    view = scene.view()
    i = max(range(len(view.hand)), key=lambda k: scene.rules.cards[view.hand[k]].ops)
    ui.click(app, scene.hand.cards[i][2])
    ui.click(app, scene.hand.buttons[0][0])
    from game.engine import Action

    if Action("ops") in scene.view().legal:
        ui.click(app, scene.hand.action_button(Action("ops")))
    op = next((a for a in scene.view().legal if a.kind == "op"), None)
    assert op is not None
    ui.click(app, scene.hand.action_button(op))
    ui.steps(app, 2)
    check(app.screen, f"board_target_{op.arg}_1280x720", tmp_path)


def test_screenshot_helper_reports_and_writes_a_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UPDATE_SCREENSHOTS", raising=False)
    pygame.display.init()
    a = pygame.Surface((64, 32))
    a.fill((10, 20, 30))
    ref = tmp_path / "ref.png"
    pygame.image.save(a, str(ref))
    assert ui.compare_screenshot(a, ref, tmp_path / "out")[0]
    b = a.copy()
    b.fill((250, 250, 250), pygame.Rect(0, 0, 32, 32))
    ok, why = ui.compare_screenshot(b, ref, tmp_path / "out", threshold=2.0)
    assert not ok and "mean abs diff" in why
    assert (tmp_path / "out" / "ref.actual.png").is_file()
    assert (tmp_path / "out" / "ref.diff.png").is_file()
