"""Seminar play on the board, through the real event loop: the Control cell, injects, arguments.

Every test posts clicks and key presses to the app and reads what the session
recorded and what is on screen. The scenario is a small in-memory one with
three injects, two argument outcomes and a timer; the clock is a fake that
the test moves by hand, so no timing is asserted.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import CONTROL, Action
from game.session import storage
from game.session.journal import reconstruct
from game.session.record import SeatConfig
from game.session.replay import replay_states
from game.ui import testing as ui
from game.ui.app import App
from game.ui.controller import Table
from game.ui.play import PlayScene
from tests.scenario_kit import scenario

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "scenarios" / "tiny"

SEMINAR = {
    "tracks": {"t": {"name": "Tension", "min": 0, "max": 10, "start": 2}},
    "events": {
        "talks": {
            "title": "Talks open in Geneva",
            "msel": "M-01",
            "trigger": {"turn": 2},
            "text": "The co-chairs invite both foreign ministers.",
            "effects": [{"move_track": {"track": "t", "by": 1}}],
        },
        "storm": {
            "title": "A storm closes the pass",
            "msel": "M-02",
            "trigger": {"turn": 3},
            "effects": [{"set_track": {"track": "t", "to": 9}}],
        },
        "leak": {
            "title": "A leaked cable",
            "msel": "M-03",
            "manual": True,
            "effects": [{"move_track": {"track": "t", "by": 2}}],
        },
    },
    "arguments": {
        "corridor": {
            "title": "A humanitarian corridor opens",
            "text": "Aid convoys may pass; tension falls.",
            "effects": [{"move_track": {"track": "t", "by": -2}}],
        },
        "observers": {"title": "Observers deploy"},
    },
}


def seminar_rules(vote: bool = False, seconds: int = 90, expiry: str = "control", **manifest):  # type: ignore[no-untyped-def]
    return scenario(
        SEMINAR,
        manifest={
            "matrix": {"enabled": True, "adjudication": "vote" if vote else "control"},
            "timer": {"seconds": seconds, "on_expiry": expiry},
            **manifest,
        },
    )


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def seminar_app(rules, home: Path, bots=(), clock=None) -> App:  # type: ignore[no-untyped-def]
    """The app showing a new seminar game (with a session log) of ``rules``."""
    app = App(scenario=TINY, size=(1280, 720), fps=0, bot_delay_ms=0, clock=clock or Clock())
    seats = tuple(
        SeatConfig(s, "bot", "random") if s in bots else SeatConfig(s) for s in rules.seats
    )
    table = Table.new(
        rules,
        seats,
        1,
        autosave=home / "autosave.json",
        control=True,
        journal=home / "sessions" / "test.jsonl",
    )
    app.play(table)
    ui.steps(app, 2)
    return app


def scene_of(app: App) -> PlayScene:
    assert isinstance(app.scene, PlayScene)
    return app.scene


def reveal(app: App) -> None:
    """Whoever the cover names takes the screen."""
    assert scene_of(app).covered
    ui.post_key(pygame.K_RETURN)
    ui.steps(app, 3)
    assert not scene_of(app).covered


def pass_on(app: App) -> None:
    """The person at the screen presses 'Done — pass the screen'."""
    button = ui.find(app, "#pass_screen")
    assert button is not None, "no hand-over pending"
    ui.click(app, button)
    ui.steps(app, 2)


def to_control(app: App) -> None:
    """Someone presses the Control button; Control takes the screen through its cover."""
    ui.click(app, ui.find(app, "#tool_control"))
    ui.steps(app, 2)
    assert any("Pass the screen to" in t for t in app.visible_texts())
    assert "Control" in app.visible_texts()
    assert not card_texts(app, titles(app))  # Control's cover shows no hand either
    reveal(app)
    assert ui.find(app, "#control_panel") is not None


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


def titles(app: App, seats: tuple[str, ...] | None = None) -> set[str]:
    state = scene_of(app).table.session.state
    rules = scene_of(app).rules
    return {
        rules.cards[c].title
        for s, h in state.hands.items()
        if seats is None or s in seats
        for c in h
    }


def card_texts(app: App, names: set[str]) -> list[str]:
    return [t for t in app.visible_texts() if any(n == t or f"“{n}”" in t for n in names)]


def texts_with(app: App, words: str) -> list[str]:
    return [t for t in app.visible_texts() if words in t]


# -- Control's overrides --------------------------------------------------------------------
def test_a_control_override_is_refused_without_a_reason_then_logged_and_replays(home: Path) -> None:
    app = seminar_app(seminar_rules(), home)
    table = scene_of(app).table
    reveal(app)  # red
    to_control(app)
    assert not card_texts(app, titles(app, ("blue",)))  # Control's panel shows no hand
    ui.click(app, ui.find(app, "#tab_adjust"))
    ui.find(app, "#adj_value").set_text("+3")
    steps = table.session.record.steps
    ui.click(app, ui.find(app, "#adj_apply"))
    assert texts_with(app, "Give a reason first")
    assert table.session.record.steps == steps  # refused on screen: nothing recorded

    ui.find(app, "#adj_reason").set_text("The talks collapsed off-stage")
    ui.click(app, ui.find(app, "#adj_apply"))
    last = table.session.record.steps[-1]
    assert (last.action, last.actor, last.reason) == (
        "adjust t:+3",
        CONTROL,
        "The talks collapsed off-stage",
    )
    assert table.session.state.tracks["t"] == 5
    # Influence, by picking the actor and region in the menus.
    ui.click(app, ui.find(app, "#adj_influence"))
    ui.choose(app, ui.find(app, "#adj_actor"), "Blue")
    ui.choose(app, ui.find(app, "#adj_region"), "C (C)")
    ui.find(app, "#adj_value").set_text("4")
    ui.steps(app, 2)
    assert texts_with(app, "Blue's influence in C: 0 -> 4")
    ui.find(app, "#adj_reason").set_text("A local ally switches sides")
    ui.click(app, ui.find(app, "#adj_apply"))
    assert table.session.state.influence("blue", "C") == 4
    assert table.session.record.steps[-1].action == "influence blue:C:4"
    said = "Control sets Blue\u2019s influence in C: 0 \u2192 4 \u2014 A local ally switches sides"
    assert any(said in t for t in texts_with(app, "A local ally"))

    # The record replays exactly, from the autosave and from the session log.
    digest = table.session.state.digest()
    assert replay_states(table.session.record, table.rules)[-1].digest() == digest
    saved = storage.load(home / "autosave.json")
    assert saved.steps == table.session.record.steps
    assert replay_states(saved, table.rules)[-1].digest() == digest
    logged = reconstruct(home / "sessions" / "test.jsonl")
    assert logged.steps == table.session.record.steps


def test_control_fires_skips_and_delays_injects_from_the_panel(home: Path) -> None:
    app = seminar_app(seminar_rules(), home)
    table = scene_of(app).table
    reveal(app)
    to_control(app)
    ui.click(app, ui.find(app, "#tab_injects"))
    assert texts_with(app, "M-01 · Talks open in Geneva")
    assert ui.find(app, "#msel_status_leak").text == "on call"

    ui.click(app, ui.find(app, "#msel_fire_leak"))
    assert ui.find(app, "#reason_window") is not None
    ui.click(app, ui.find(app, "#reason_ok"))  # no reason: refused in the window
    assert texts_with(app, "Give a reason first")
    assert "leak" not in table.session.state.fired
    ui.find(app, "#reason_entry").set_text("The press got hold of it")
    ui.click(app, ui.find(app, "#reason_ok"))
    assert ui.find(app, "#reason_window") is None
    assert "leak" in table.session.state.fired and table.session.state.tracks["t"] == 4
    assert ui.find(app, "#msel_status_leak").text == "fired"
    assert not ui.find(app, "#msel_fire_leak").is_enabled

    ui.click(app, ui.find(app, "#msel_skip_storm"))
    ui.find(app, "#reason_entry").set_text("Not in this run of the game")
    ui.click(app, ui.find(app, "#reason_ok"))
    assert ui.find(app, "#msel_status_storm").text == "skipped"

    ui.click(app, ui.find(app, "#msel_delay_talks"))
    ui.choose(app, ui.find(app, "#reason_turn"), "3")
    ui.find(app, "#reason_entry").set_text("The delegations are late")
    ui.post_key(pygame.K_RETURN)  # Enter in the reason field confirms
    ui.steps(app, 2)
    assert ui.find(app, "#msel_status_talks").text == "delayed"
    assert texts_with(app, "turn 3 (delayed)")
    control = [(s.action, s.reason) for s in table.session.record.steps if s.actor == CONTROL]
    assert control == [
        ("fire leak", "The press got hold of it"),
        ("skip storm", "Not in this run of the game"),
        ("delay talks:3", "The delegations are late"),
    ]
    assert replay_states(table.session.record, table.rules)[-1].digest() == (
        table.session.state.digest()
    )


# -- matrix arguments ------------------------------------------------------------------------
def make_argument(app: App, words: str = "We open the road for the wounded") -> None:
    ui.click(app, ui.find(app, "#act_argue"))
    assert ui.find(app, "#argue_window") is not None
    ui.choose(app, ui.find(app, "#argue_outcome"), "A humanitarian corridor opens")
    assert texts_with(app, "Aid convoys may pass")
    ui.click(app, ui.find(app, "#argue_ok"))
    assert texts_with(app, "Write your argument")
    ui.find(app, "#argue_text").set_text(words)
    ui.click(app, ui.find(app, "#argue_ok"))
    assert texts_with(app, "Give your reasons")
    ui.find(app, "#argue_reasons").set_text("The Red Cross is already there")
    ui.click(app, ui.find(app, "#argue_ok"))


def test_an_argument_ruled_on_by_control_becomes_an_established_fact(home: Path) -> None:
    app = seminar_app(seminar_rules(), home)
    scene = scene_of(app)
    table = scene.table
    reveal(app)
    red_titles = titles(app, ("red",))
    make_argument(app)
    argued = table.session.record.steps[-1]
    assert (argued.action, argued.text, argued.reason) == (
        "argue corridor",
        "We open the road for the wounded",
        "The Red Cross is already there",
    )
    # The engine waits on Control: the screen goes to Control through its cover.
    assert table.acting == CONTROL and scene.covered
    assert texts_with(app, "I am Control")
    assert not card_texts(app, red_titles)
    reveal(app)
    assert ui.find(app, "#rule_argument") is not None
    shown = " ".join(app.visible_texts())
    assert "We open the road for the wounded" in shown and "The Red Cross is already there" in shown
    assert not ui.find(app, "#ctl_release").is_enabled  # a ruling is due first

    ui.choose(app, ui.find(app, "#rule_need"), "2+")
    assert texts_with(app, "= 100% chance of success")
    ui.click(app, ui.find(app, "#rule_odds"))
    assert texts_with(app, "Give the reasons for your ruling first")
    assert table.acting == CONTROL
    ui.find(app, "#rule_reason").set_text("Both sides gain from it")
    ui.click(app, ui.find(app, "#rule_odds"))
    ruling = next(s for s in table.session.record.steps if s.actor == CONTROL)
    assert (ruling.action, ruling.reason) == ("odds 2", "Both sides gain from it")
    assert table.session.state.facts == (("red", "corridor"),)
    # Control keeps the screen to see the outcome, then hands it back.
    assert ui.find(app, "#control_panel") is not None
    ui.click(app, ui.find(app, "#ctl_release"))
    assert scene.covered and table.acting == "blue"
    reveal(app)
    facts = " ".join(texts_with(app, "Established facts"))
    assert "A humanitarian corridor opens" in facts
    assert replay_states(table.session.record, table.rules)[-1].facts == (("red", "corridor"),)


def test_in_vote_mode_the_other_seat_votes_through_its_own_handoff(home: Path) -> None:
    rules = seminar_rules(vote=True)
    app = App(scenario=TINY, size=(1280, 720), fps=0, bot_delay_ms=0, clock=Clock())
    table = Table.new(rules, tuple(SeatConfig(s) for s in rules.seats), 1, autosave=home / "a.json")
    app.play(table)
    ui.steps(app, 2)
    reveal(app)
    blue_titles = titles(app, ("blue",)) - titles(app, ("red",))
    assert not card_texts(app, blue_titles)
    make_argument(app, "Convoys under both flags")
    scene = scene_of(app)
    pass_on(app)  # Red sees the argument made, then passes the screen
    assert table.acting == "blue" and scene.covered
    reveal(app)
    assert texts_with(app, "Vote on Red's argument")
    assert any("Convoys under both flags" in t for t in app.visible_texts())
    ui.click(app, ui.find(app, "#act_vote"))  # the first vote button: yes
    steps = [s.action for s in table.session.record.steps]
    assert "vote yes" in steps and any(a.startswith("roll ") for a in steps)


# -- the timer and pause ----------------------------------------------------------------------
def test_the_timer_shows_stands_still_when_paused_and_leaves_expiry_to_control(home: Path) -> None:
    clock = Clock()
    app = seminar_app(seminar_rules(seconds=90), home, clock=clock)
    table = scene_of(app).table
    ui.steps(app, 2)
    assert "01:30" not in app.visible_texts()  # the cover: the countdown has not started
    clock.t = 20.0
    reveal(app)
    assert "01:30" in app.visible_texts()
    clock.t = 50.0
    ui.steps(app, 2)
    assert "01:00" in app.visible_texts()

    to_control(app)  # Control holds the screen: the seat's time stands still
    ui.click(app, ui.find(app, "#ctl_pause"))
    assert table.paused
    clock.t = 500.0
    ui.click(app, ui.find(app, "#ctl_release"))
    reveal(app)
    assert "01:00 (paused)" in app.visible_texts()
    assert texts_with(app, "PAUSED BY CONTROL")
    assert not scene_of(app).hand.buttons  # nobody acts while paused

    to_control(app)
    ui.click(app, ui.find(app, "#ctl_pause"))  # resume
    assert not table.paused
    ui.click(app, ui.find(app, "#ctl_release"))
    reveal(app)
    steps = len(table.session.record.steps)
    clock.t = 700.0
    ui.steps(app, 3)
    assert "00:00 time is up" in app.visible_texts()
    assert len(table.session.record.steps) == steps  # no automatic move
    to_control(app)
    assert texts_with(app, "Time is up for Red")
    ui.click(app, ui.find(app, "#ctl_timeup_restart"))
    assert not texts_with(app, "Time is up for Red")


def test_when_the_scenario_says_so_the_seat_passes_at_expiry(home: Path) -> None:
    clock = Clock()
    rules = seminar_rules(seconds=30, expiry="pass", pass_allowed=True)
    app = seminar_app(rules, home, clock=clock)
    table = scene_of(app).table
    reveal(app)
    clock.t = 31.0
    ui.steps(app, 3)
    last = table.session.record.steps[-1]
    assert (last.action, last.actor) == ("pass", "red")
    note = table.session.record.annotations[-1]
    assert note.author == CONTROL and note.tag == "timer"
    assert table.acting == "blue" and not card_texts(
        app, titles(app, ("blue",)) - titles(app, ("red",))
    )
    pass_on(app)  # the table sees the pass, then Red hands over
    assert scene_of(app).covered


# -- who sees what ---------------------------------------------------------------------------
def test_team_seats_never_see_another_seats_hand_in_seminar_mode(home: Path) -> None:
    app = seminar_app(seminar_rules(), home)
    scene = scene_of(app)
    everything = titles(app)
    assert not card_texts(app, everything)  # the first cover
    reveal(app)
    red = titles(app, ("red",))
    assert card_texts(app, red)
    assert not card_texts(app, everything - red)
    to_control(app)
    ui.click(app, ui.find(app, "#ctl_map"))  # Control looks at the map: still no hand
    assert not card_texts(app, everything)
    ui.click(app, ui.find(app, "#ctl_back"))
    assert ui.find(app, "#control_panel") is not None
    ui.click(app, ui.find(app, "#ctl_release"))
    assert scene.covered and not card_texts(app, everything)
    assert ui.find(app, "#control_panel") is None
    reveal(app)
    while scene.table.acting == "red":
        decide(app, scene)
    assert not card_texts(app, titles(app) - red)  # Red's screen until Red passes it on
    pass_on(app)
    assert scene.covered
    assert not card_texts(app, titles(app))
    reveal(app)
    blue = titles(app, ("blue",))
    assert card_texts(app, blue) and not card_texts(app, titles(app) - blue)


def test_control_can_step_in_from_a_seats_cover_without_uncovering_it(home: Path) -> None:
    app = seminar_app(seminar_rules(), home)
    scene = scene_of(app)
    assert scene.covered and scene.table.holder() == "red"
    button = ui.find(app, "#tool_control")
    assert button is not None  # the only widget on the cover
    ui.click(app, button)
    assert scene.covered and scene.table.holder() == CONTROL
    assert scene.table.revealed_for is None  # red's screen was never shown
    assert texts_with(app, "I am Control")
    reveal(app)
    assert ui.find(app, "#control_panel") is not None
    ui.click(app, ui.find(app, "#ctl_release"))
    assert scene.covered and texts_with(app, "I am Red")


def test_the_control_panel_looks_as_designed(home: Path, tmp_path: Path) -> None:
    """A reference picture of the panel (half size, compared with a tolerance, as the board's)."""
    app = seminar_app(seminar_rules(), home)
    reveal(app)
    to_control(app)
    app.notice = None
    ui.steps(app, 2)
    w, h = app.screen.get_size()
    half = pygame.transform.smoothscale(app.screen.convert(24), (w // 2, h // 2))
    ok, why = ui.compare_screenshot(
        half, Path(__file__).parent / "screenshots" / "control_panel_1280x720.png", tmp_path, 1.5
    )
    assert ok, why
