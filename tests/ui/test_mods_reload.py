"""Mods on the start screen and F5 hot reload, through the real event loop.

Each test works on a copy of the 2020 scenario in a temporary folder, edits
its YAML like a modder would, and presses F5 (a posted key event); the
session's record and the rules on the table then tell what the reload did.
No timing is asserted: bots move without delay and the clock is frozen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pygame
import pytest

from game.engine import Action
from game.session import storage
from game.ui import testing as ui
from game.ui.app import App
from game.ui.launch import run
from game.ui.play import PlayScene
from game.ui.reload import ChoiceWindow, ProblemsWindow
from game.ui.start import StartScene

REPO = Path(__file__).resolve().parents[2]
MOD = "turkey-at-the-table"
MOD_LAYER = "turkey-at-the-table 1.0.0"
BOTS = ("azerbaijan", "armenia", "turkey", "iran", "west")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A copy of the 2020 scenario that the test may edit."""
    folder = tmp_path / "caucasus-2020"
    shutil.copytree(REPO / "rules" / "caucasus-2020", folder)
    return folder


def make_app(scenario: Path, mods: tuple[str, ...] = ()) -> App:
    app = App(
        scenario=scenario,
        bots=BOTS,
        size=(1280, 720),
        fps=0,
        bot_delay_ms=0,
        clock=lambda: 0.0,
        mods=mods,
    )
    ui.steps(app, 2)
    return app


def press_f5(app: App) -> None:
    ui.post_key(pygame.K_F5)
    ui.steps(app, 3)


def human_decision(app: App, scene: PlayScene) -> None:
    """Take Russia's decision with the mouse, from what is on screen."""
    view = scene.view()
    kinds = {a.kind for a in view.legal}
    if "play" in kinds:
        i = next(i for i, c in enumerate(view.hand) if Action("play", c) in view.legal)
        ui.click(app, scene.hand.cards[i][2])
        ui.click(app, scene.hand.action_button(Action("play", view.hand[i])))
    elif "ops" in kinds:
        ui.click(app, scene.hand.action_button(Action("ops")))
    elif "target" in kinds:
        assert scene.box_layout is not None
        rid = next(a.arg for a in view.legal if a.kind == "target")
        x, y, w, _ = scene.box_layout.boxes[rid]
        ui.click(app, (x + w // 2, y + 6))
    elif "op" in kinds:
        ui.click(app, scene.hand.action_button(next(a for a in view.legal if a.kind == "op")))
    else:
        ui.click(app, scene.hand.action_button(view.legal[0]))


def played_a_card(app: App) -> PlayScene:
    """Start a game and play until Russia has played a card and must decide again."""
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    scene = app.scene
    assert isinstance(scene, PlayScene)
    for _ in range(300):
        steps = scene.table.session.record.steps
        if scene.table.acting == "russia":
            if any(s.actor == "russia" and s.action.startswith("play ") for s in steps):
                return scene
            human_decision(app, scene)
        else:
            ui.steps(app, 1)
    raise AssertionError("Russia never got to play a card")


def russia_card(scene: PlayScene) -> str:
    step = next(
        s
        for s in scene.table.session.record.steps
        if s.actor == "russia" and s.action.startswith("play ")
    )
    return step.action.split()[1]


def card_block(text: str, card: str) -> tuple[int, int]:
    """Where a card's entry stands in cards.yaml: its first and one-past-last character."""
    at = text.index(f"\n  {card}:\n")
    end = text.find("\n  ", at + 1)
    while end != -1 and text[end + 3] == " ":  # the card's own, deeper lines
        end = text.find("\n  ", end + 1)
    return at, len(text) if end == -1 else end


# -- the start screen ---------------------------------------------------------------------------
def test_the_start_screen_lists_the_example_mod_and_its_toggle_reloads(scenario: Path) -> None:
    app = make_app(scenario)
    start = app.scene
    assert isinstance(start, StartScene) and start.rules is not None
    assert start.rules.layers == ()
    cards = len(start.rules.cards)
    assert "Turkey at the peace table" in app.visible_texts()
    toggle = ui.find(app, f"#mod_{MOD}")
    assert toggle is not None and toggle.text == "Off"
    ui.post_click((toggle.get_abs_rect().x - 150, toggle.get_abs_rect().centery))
    ui.steps(app, 2)  # hovering the row shows the description
    assert any("seat at the talks" in t for t in app.visible_texts())
    ui.click(app, toggle)
    assert start.rules is not None and start.rules.layers == (MOD_LAYER,)
    assert len(start.rules.cards) == cards + 2
    assert ui.find(app, f"#mod_{MOD}").text == "On"
    ui.click(app, ui.find(app, f"#mod_{MOD}"))
    assert start.rules is not None and start.rules.layers == ()
    assert app.mods == ()


def test_a_mod_that_breaks_the_rules_shows_its_problems_on_the_start_screen(
    scenario: Path, tmp_path: Path
) -> None:
    mod = tmp_path / "mods" / MOD
    shutil.copytree(REPO / "mods" / MOD, mod)
    rules = mod / "rules.yaml"
    rules.write_text(rules.read_text().replace("side: turkey", "side: turkye"), encoding="utf-8")
    app = make_app(scenario, mods=(str(mod),))
    assert isinstance(app.scene, StartScene) and app.scene.rules is None
    assert any("cannot be played" in t and "rules.yaml" in t for t in app.visible_texts())
    assert not ui.find(app, "#start").is_enabled
    ui.click(app, ui.find(app, f"#mod_{MOD}"))  # switched off: playable again
    assert app.scene.rules is not None and ui.find(app, "#start").is_enabled


def test_run_with_a_mod_starts_with_it_on(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[App] = []
    monkeypatch.setattr(App, "run", lambda self, max_frames=None: opened.append(self) or 0)
    assert run(scenario=scenario, size=(1280, 720), mods=[MOD]) == 0
    app = opened[0]
    ui.steps(app, 2)
    assert isinstance(app.scene, StartScene) and app.scene.rules is not None
    assert app.scene.rules.layers == (MOD_LAYER,)
    assert ui.find(app, f"#mod_{MOD}").text == "On"
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    assert isinstance(app.scene, PlayScene)
    assert app.scene.table.session.record.mods == (MOD_LAYER,)


# -- F5 on the board ----------------------------------------------------------------------------
def test_f5_after_a_harmless_edit_keeps_the_game_going(scenario: Path, home: Path) -> None:
    app = make_app(scenario)
    scene = played_a_card(app)
    record = scene.table.session.record
    card = russia_card(scene)
    cards = scenario / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    new = "Edited on the fly by a modder."
    at, end = card_block(text, card)
    block = text[at:end].replace("\n    text: >-\n", f"\n    text: >-\n      {new}\n", 1)
    assert new in block
    cards.write_text(text[:at] + block + text[end:], encoding="utf-8")
    press_f5(app)
    now = app.scene
    assert isinstance(now, PlayScene) and now is not scene
    table = now.table
    assert table.rules.cards[card].text.startswith(new)
    assert table.session.record.steps == record.steps  # the same step, nothing moved
    assert table.session.record.ruleset_digest == table.rules.digest != record.ruleset_digest
    assert any("rules reloaded" in t.lower() for t in app.visible_texts())
    human_decision(app, now)  # and the game goes on
    assert len(table.session.record.steps) > len(record.steps)
    saved = storage.load(home / "autosave.json")  # the autosave loads under the new rules
    app2 = make_app(scenario)
    assert app2.open_save(str(home / "autosave.json"))
    assert app2.scene.table.session.record.steps == saved.steps


def test_f5_after_breaking_the_yaml_shows_the_problems_and_changes_nothing(
    scenario: Path,
) -> None:
    app = make_app(scenario)
    scene = played_a_card(app)
    steps, rules = scene.table.session.record.steps, scene.table.rules
    cards = scenario / "cards.yaml"
    cards.write_text(cards.read_text().replace("ops:", "ops: [", 1), encoding="utf-8")
    press_f5(app)
    window = app.reloader.window
    assert isinstance(window, ProblemsWindow)
    assert "E0101" in window.text
    texts = app.visible_texts()
    assert any("E0101" in t for t in texts)
    assert any("cards.yaml:13:" in t for t in texts)
    ui.post_key(pygame.K_PAGEDOWN)  # paging and keys go to the window, not the board
    ui.steps(app, 2)
    assert app.scene is scene and scene.table.rules is rules
    assert scene.table.session.record.steps == steps
    ui.click(app, ui.find(app, "#reload_close"))
    assert not app.reloader.active()
    assert app.scene is scene and scene.table.session.record.steps == steps
    human_decision(app, scene)
    assert len(scene.table.session.record.steps) > len(steps)


def test_f5_when_the_game_no_longer_replays_offers_a_new_game(scenario: Path) -> None:
    app = make_app(scenario)
    scene = played_a_card(app)
    steps = scene.table.session.record.steps
    card = russia_card(scene)
    cards = scenario / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    at, end = card_block(text, card)
    cards.write_text(text[:at] + text[end:], encoding="utf-8")
    press_f5(app)
    window = app.reloader.window
    assert not isinstance(window, ProblemsWindow), f"removing {card} breaks the rules"
    assert isinstance(window, ChoiceWindow)
    assert "cannot be replayed" in window.why and "step" in window.why
    ui.click(app, ui.find(app, "#reload_keep"))
    assert app.scene is scene and scene.table.session.record.steps == steps
    assert card in scene.table.rules.cards  # still the old rules
    press_f5(app)
    ui.click(app, ui.find(app, "#reload_new"))
    assert isinstance(app.scene, PlayScene) and app.scene is not scene
    table = app.scene.table
    assert card not in table.rules.cards
    assert table.session.record.seed == scene.table.session.record.seed
    assert set(table.bots) == set(BOTS)


def test_f5_on_the_start_screen_rereads_the_scenario(scenario: Path) -> None:
    app = make_app(scenario)
    manifest = scenario / "scenario.yaml"
    text = manifest.read_text(encoding="utf-8")
    title = app.scene.rules.manifest.title
    manifest.write_text(text.replace(title, "A retitled crisis", 1), encoding="utf-8")
    press_f5(app)
    assert app.scene.rules.manifest.title == "A retitled crisis"
    (scenario / "cards.yaml").write_text("cards: [\n", encoding="utf-8")
    press_f5(app)
    assert app.scene.rules is None and isinstance(app.reloader.window, ProblemsWindow)


def test_help_lists_f5(scenario: Path) -> None:
    app = make_app(scenario)
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    ui.post_key(pygame.K_F1)
    ui.steps(app, 2)
    assert any("<b>F5</b>" in t and "reload" in t for t in app.visible_texts())


# -- saves and their mods -----------------------------------------------------------------------
def test_a_save_made_with_a_mod_loads_with_it(scenario: Path, home: Path) -> None:
    app = make_app(scenario, mods=(MOD,))
    scene = played_a_card(app)
    saved = home / "modded.json"
    assert scene.table.save(saved).startswith("Saved")
    assert storage.load(saved).mods == (MOD_LAYER,)
    plain = make_app(scenario)  # no mods switched on
    entry = ui.find(plain, "#load_path")
    entry.set_text(str(saved))
    ui.click(plain, ui.find(plain, "#load"))
    assert isinstance(plain.scene, PlayScene)
    assert plain.scene.table.rules.layers == (MOD_LAYER,)
    assert plain.scene.table.session.record.steps == scene.table.session.record.steps
    press_f5(plain)  # F5 reloads the game's mods too
    assert isinstance(plain.scene, PlayScene) and plain.scene.table.rules.layers == (MOD_LAYER,)
    # A save naming a mod that is not installed is refused with the reason.
    record = storage.load(saved)
    storage.save(attrs.evolve(record, mods=("no-such-mod 1.0.0",)), saved)
    again = make_app(scenario)
    ui.find(again, "#load_path").set_text(str(saved))
    ui.click(again, ui.find(again, "#load"))
    assert isinstance(again.scene, StartScene)
    assert "no-such-mod 1.0.0" in again.scene.message and "not installed" in again.scene.message
