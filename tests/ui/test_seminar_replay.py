"""The replay viewer, Control's rewind, the Report button and the seminar start, by posted events.

A seminar game of bots is played to its end through the real loop (Control
rules on the bots' arguments from its panel), then replayed, annotated and
branched; a saved game is replayed from the start screen; the Report button
writes the after-action report or says plainly why it cannot.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame
import pytest

from game.engine import CONTROL, Action
from game.session import storage
from game.session.journal import read, reconstruct
from game.session.record import SeatConfig
from game.ui import testing as ui
from game.ui.app import App
from game.ui.controller import Table
from game.ui.gameover import GameOverScene
from game.ui.play import PlayScene
from game.ui.replay_view import ReplayScene
from game.ui.start import StartScene
from tests.scenario_kit import scenario
from tests.tools_kit import need_module

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "scenarios" / "tiny"
DEFAULT = REPO / "rules" / "caucasus-2020"

RULES = {
    "tracks": {"t": {"name": "Tension", "min": 0, "max": 10, "start": 2}},
    "events": {
        "talks": {
            "title": "Talks open in Geneva",
            "msel": "M-01",
            "trigger": {"turn": 2},
            "effects": [{"move_track": {"track": "t", "by": 1}}],
        },
    },
    "arguments": {"corridor": {"title": "A humanitarian corridor opens"}},
}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def make_app() -> App:
    return App(scenario=TINY, size=(1280, 720), fps=0, bot_delay_ms=0, clock=lambda: 0.0)


def bots_game(home: Path) -> App:
    """A seminar game of two bots played to the game-over screen; Control approves arguments."""
    rules = scenario(RULES, manifest={"matrix": {"enabled": True}})
    app = make_app()
    seats = tuple(SeatConfig(s, "bot", "random") for s in rules.seats)
    app.play(
        Table.new(
            rules,
            seats,
            4,
            autosave=home / "autosave.json",
            control=True,
            journal=home / "sessions" / "game.jsonl",
        )
    )
    for _ in range(400):
        if isinstance(app.scene, GameOverScene):
            return app
        scene = app.scene
        assert isinstance(scene, PlayScene)
        if scene.table.acting == CONTROL:  # only Control is at the table: no cover
            reason = ui.find(app, "#rule_reason")
            assert reason is not None
            reason.set_text("plausible")
            ui.click(app, ui.find(app, "#rule_approve"))
            ui.click(app, ui.find(app, "#ctl_release"))
        ui.steps(app, 1)
    raise AssertionError("the game did not end")


def decide(app: App, scene: PlayScene) -> None:
    """One decision of the seat at the screen, with the mouse, from what is on screen."""
    view = scene.view()
    kinds = {a.kind for a in view.legal}
    if "play" in kinds:
        i = next(k for k, c in enumerate(view.hand) if Action("play", c) in view.legal)
        ui.click(app, scene.hand.cards[i][2])
        ui.click(app, scene.hand.action_button(Action("play", view.hand[i])))
    elif "target" in kinds:
        rid = next(a.arg for a in view.legal if a.kind == "target")
        assert scene.box_layout is not None
        x, y, w, _ = scene.box_layout.boxes[rid]
        ui.click(app, (x + w // 2, y + 6))
    else:
        choice = next(a for a in view.legal if a.kind != "argue")
        ui.click(app, scene.hand.action_button(choice))


def hand_titles(scene: ReplayScene, seat: str) -> set[str]:
    state = scene.states[scene.at]
    return {scene.rules.cards[c].title for c in state.hands[seat]}


def test_the_replay_viewer_steps_shows_one_seats_view_annotates_and_branches(home: Path) -> None:
    app = bots_game(home)
    table = app.scene.table
    steps = table.session.record.steps
    ui.click(app, ui.find(app, "#over_replay"))
    scene = app.scene
    assert isinstance(scene, ReplayScene) and scene.at == len(steps)
    ui.click(app, ui.find(app, "#replay_first"))
    assert scene.at == 0 and "Step 0 of" in ui.find(app, "#replay_step").text
    ui.click(app, ui.find(app, "#replay_next_turn"))
    assert scene.states[scene.at].turn == 2 and scene.states[scene.at - 1].turn == 1
    ui.post_key(pygame.K_RIGHT)
    ui.steps(app, 2)
    at = scene.at
    assert scene.states[at].turn == 2 and at == scene.states.index(scene.states[at])

    # Red's view: red's hand only, whatever blue holds.
    ui.choose(app, ui.find(app, "#replay_viewer"), "Red's view")
    assert scene.viewer == "red"
    red, blue = hand_titles(scene, "red"), hand_titles(scene, "blue")
    shown = " ".join(app.visible_texts())
    assert red and all(t in shown for t in red)
    assert not [t for t in blue - red if t in shown]
    ui.choose(app, ui.find(app, "#replay_viewer"), "Control (everything)")
    shown = " ".join(app.visible_texts())
    assert all(t in shown for t in blue)

    # An observer's tagged note on this step.
    ui.find(app, "#replay_note").set_text("Red overreaches here")
    ui.find(app, "#replay_tag").set_text("turning point")
    ui.click(app, ui.find(app, "#replay_add_note"))
    note = table.session.record.annotations[-1]
    assert (note.step, note.author, note.text, note.tag) == (
        at,
        "observer",
        "Red overreaches here",
        "turning point",
    )
    assert any("Red overreaches here" in t for t in app.visible_texts())
    assert storage.load(home / "autosave.json").annotations[-1].text == "Red overreaches here"

    # Branch from here: a live game that shares the first `at` steps.
    ui.click(app, ui.find(app, "#replay_branch"))
    assert isinstance(app.scene, PlayScene)
    live = app.scene.table
    assert live.session.record.steps[:at] == steps[:at]
    assert not live.is_over()
    kept = list((home / "saves").glob("*-finished.json"))
    assert kept and storage.load(kept[0]).steps == steps
    ui.steps(app, 3)
    assert len(live.session.record.steps) > at + 1  # the bots play on


def test_a_saved_game_replays_from_the_start_screen_in_a_seats_view(home: Path) -> None:
    rules_dir = TINY
    app = App(scenario=rules_dir, size=(1280, 720), fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#seat_red"))  # both seats bots
    ui.click(app, ui.find(app, "#seat_blue"))
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    ui.steps(app, 40)
    record = app.scene.table.session.record
    path = home / "saved.json"
    storage.save(record, path)

    other = make_app()
    ui.steps(other, 2)
    entry = ui.find(other, "#load_path")
    entry.set_text(str(path))
    ui.click(other, ui.find(other, "#replay"))
    scene = other.scene
    assert isinstance(scene, ReplayScene) and scene.at == len(record.steps)
    ui.choose(other, ui.find(other, "#replay_viewer"), "Blue's view")
    ui.post_key(pygame.K_HOME)
    ui.steps(other, 2)
    for _ in range(12):
        ui.click(other, ui.find(other, "#replay_next"))
        red, blue = hand_titles(scene, "red"), hand_titles(scene, "blue")
        shown = " ".join(other.visible_texts())
        assert not [t for t in red - blue if t in shown], scene.at
    ui.click(other, ui.find(other, "#replay_note"))
    ui.find(other, "#replay_note").set_text("A quiet opening")
    ui.post_key(pygame.K_RETURN)  # Enter in the note field adds it
    ui.steps(other, 2)
    assert storage.load(path).annotations[-1].text == "A quiet opening"
    ui.click(other, ui.find(other, "#replay_back"))
    assert isinstance(other.scene, StartScene)


def test_control_rewinds_the_live_game_and_the_log_follows(home: Path) -> None:
    rules = scenario(RULES, manifest={"matrix": {"enabled": True}})
    app = make_app()
    seats = (SeatConfig("red"), SeatConfig("blue", "bot", "random"))
    log = home / "sessions" / "live.jsonl"
    app.play(Table.new(rules, seats, 2, autosave=home / "a.json", control=True, journal=log))
    ui.steps(app, 2)
    scene = app.scene
    assert isinstance(scene, PlayScene)
    ui.post_key(pygame.K_RETURN)  # red takes the screen
    ui.steps(app, 2)
    while scene.table.acting == "red":
        decide(app, scene)
    ui.steps(app, 3)
    before = scene.table.session.record.steps
    ui.click(app, ui.find(app, "#tool_control"))
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#tab_notes"))
    ui.find(app, "#note_text").set_text("Red plays fast")
    ui.click(app, ui.find(app, "#note_add"))
    assert scene.table.session.record.annotations[-1].author == CONTROL
    ui.click(app, ui.find(app, "#ctl_rewind"))
    replay = app.scene
    assert isinstance(replay, ReplayScene)
    assert ui.find(app, "#replay_branch").text == "Rewind to here"
    target = 4
    replay.go(target)
    ui.click(app, ui.find(app, "#replay_branch"))
    assert isinstance(app.scene, PlayScene)
    new = app.scene.table
    assert new.session.record.steps[:target] == before[:target]
    assert ui.find(app, "#control_panel") is not None  # Control still has the screen
    assert any(e["kind"] == "branch" and e["step"] == target for e in read(log))
    assert reconstruct(log).steps == new.session.record.steps


def test_the_report_button_says_when_the_report_package_is_missing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = bots_game(home)
    monkeypatch.setitem(sys.modules, "game.report.write", None)  # importing it fails
    ui.click(app, ui.find(app, "#over_report"), frames=4)
    shown = " ".join(app.visible_texts())
    assert "report is not available" in shown
    assert not (home / "reports").exists() or not any((home / "reports").iterdir())


def test_the_report_button_writes_the_report_into_the_user_folder(home: Path) -> None:
    need_module("matplotlib", "plots")  # the report draws its charts with it
    app = bots_game(home)
    ui.click(app, ui.find(app, "#over_report"), frames=2)
    # One frame says the report is being written before the screen waits for it.
    assert "Writing the after-action report" in " ".join(app.visible_texts())
    assert not list((home / "reports").glob("*/report.html"))
    ui.steps(app, 2)
    reports = list((home / "reports").glob("*/report.html"))
    assert len(reports) == 1
    shown = " ".join(app.visible_texts())
    assert f"Report written: {reports[0]}" in shown


def test_the_start_screen_starts_a_seminar_game_of_the_default_scenario(home: Path) -> None:
    app = App(
        scenario=DEFAULT,
        bots=("azerbaijan", "armenia", "turkey", "iran", "west"),
        size=(1280, 720),
        fps=0,
        bot_delay_ms=0,
        clock=lambda: 0.0,
    )
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#control_toggle"))
    assert ui.find(app, "#control_toggle").text == "Control: on"
    ui.click(app, ui.find(app, "#start"))
    scene = app.scene
    assert isinstance(scene, PlayScene) and scene.table.control
    assert list((home / "sessions").glob("caucasus-2020-*.jsonl"))
    assert scene.covered  # russia and Control share the screen
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    rules = scene.rules
    if rules.manifest.matrix.enabled and rules.arguments:
        assert ui.find(app, "#act_argue") is not None
    ui.click(app, ui.find(app, "#tool_control"))
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#tab_injects"))
    shown = " ".join(app.visible_texts())
    first = next(iter(rules.events.values()))
    assert first.title in shown or ui.find(app, "#msel_earlier") is not None
    ui.click(app, ui.find(app, "#tab_adjust"))
    ui.click(app, ui.find(app, "#adj_forces"))
    ui.choose(app, ui.find(app, "#adj_region"), "Stepanakert / Khankendi (STK)")
    ui.find(app, "#adj_value").set_text("2")
    ui.find(app, "#adj_reason").set_text("Peacekeepers arrive early")
    ui.click(app, ui.find(app, "#adj_apply"))
    last = scene.table.session.record.steps[-1]
    assert last.actor == CONTROL and last.action.endswith(":STK:2")
