"""A whole turn on the board from the keyboard alone: the real event loop, posted key events,
no mouse. Tab or a digit picks a card, Enter plays it, digits press the action row's
buttons, Tab and Enter pick target regions, Enter passes the screen."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine.choices import DecisionKind
from game.ui import testing as ui
from game.ui.app import App
from game.ui.play import PlayScene

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def key(app: App, k: int, mod: int = 0) -> None:
    ui.post_key(k, mod)
    ui.steps(app, 2)


def test_a_whole_turn_from_the_keyboard() -> None:
    app = App(scenario=REPO / "rules" / "caucasus-2020", seed=1, bots=(), size=(1600, 900),
              fps=0, bot_delay_ms=0, clock=lambda: 0.0)  # fmt: skip
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#start"))  # the start screen's button (the one mouse use)
    scene = app.scene
    assert isinstance(scene, PlayScene) and scene.covered
    key(app, pygame.K_RETURN)  # Russia takes the screen
    table = scene.table
    assert not scene.covered and table.acting == "russia"
    state = table.session.state
    hand = list(scene.view().hand)
    key(app, pygame.K_TAB)
    key(app, pygame.K_TAB)  # the second card in focus
    assert scene.hand.selected == hand[1]
    key(app, pygame.K_1)  # or straight to the first
    assert scene.hand.selected == hand[0]
    key(app, pygame.K_RETURN)  # play it
    assert table.session.state is not state and table.acting == "russia"
    for _ in range(40):  # then through its decisions: a button, a target, ... until done
        if table.acting != "russia":
            break
        view = scene.view()
        if view.decision.kind == DecisionKind.TARGET:
            key(app, pygame.K_TAB)
            assert scene.keys.target in {a.arg for a in view.legal}
            key(app, pygame.K_RETURN)
        else:
            assert scene.hand.buttons, view.decision.kind
            key(app, pygame.K_1)  # the first button: event, an operation, or an option
    assert table.acting not in ("russia", None), "Russia's turn ended from the keyboard"
    steps = [s for s in table.session.record.steps if s.actor == "russia"]
    assert steps[0].action == f"play {hand[0]}" and len(steps) >= 2


def test_a_closed_option_is_a_greyed_button_that_says_why() -> None:
    """'A plea to Moscow': troops need the treaty appeal; the button is there, greyed."""
    from game.engine import Action, ActionKind
    from game.ruleset.load import load_ruleset
    from game.session.session import Session
    from game.ui.hand import choices

    pygame.display.init()
    pygame.font.init()
    rules = load_ruleset(REPO / "rules" / "caucasus-2020")
    s = Session(rules, seed=5).state
    while s.current_actor() != "armenia":
        s = s.apply(s.legal_actions()[0])
        while s.current_actor() == "chance":
            s = s.advance_chance()
    hands = dict(s.hands)
    hands["armenia"] = ("plea_to_moscow", *hands["armenia"][1:])
    s = s.with_changes(hands=hands)
    s = s.apply(Action(ActionKind.PLAY, "plea_to_moscow")).apply(Action(ActionKind.EVENT))
    view = s.view_for("armenia")
    got = {c.action.arg: c for c in choices(view, rules, view.decision, None)}
    assert not got["arms"].closed and got["troops"].closed
    assert got["troops"].label.startswith("Not now: Ask for troops")
    assert "only if an Armenian appeal to the 1997 treaty" in got["troops"].tip
