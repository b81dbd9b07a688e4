"""The replay viewer's map answers the mouse as the board's does, and its panels stay apart.

Dragging pans, the wheel and + / - zoom, hovering a region shows its tooltip;
the arrow keys still move the cursor (they pan on the board, but here they
are the step keys). The words of a step come from the record and the view.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import CONTROL
from game.ruleset.load import load_ruleset
from game.session.record import SeatConfig, Step
from game.ui import testing as ui
from game.ui.app import App
from game.ui.controller import Table
from game.ui.replay_panels import happened_html, notes_html
from game.ui.replay_view import ReplayScene
from tests.scenario_kit import TINY


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def replay_of_bots(steps: int = 20) -> tuple[App, ReplayScene]:
    rules = load_ruleset(TINY)
    app = App(scenario=TINY, size=(1280, 720), fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    table = Table.new(rules, tuple(SeatConfig(s, "bot", "random") for s in rules.seats), 3)
    for _ in range(steps):
        table.bot_step()
    app.replay(table, back=lambda: None, on_note=lambda: None)
    ui.steps(app, 2)
    assert isinstance(app.scene, ReplayScene)
    return app, app.scene


def drag(app: App, start: tuple[int, int], end: tuple[int, int]) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(0, 0), buttons=(1, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    ui.steps(app, 2)


def test_dragging_pans_the_wheel_zooms_and_the_arrows_still_step() -> None:
    app, scene = replay_of_bots()
    x, y, w, h = scene.layout.map
    fitted = scene.viewport
    drag(app, (x + w // 2, y + h // 2), (x + w // 2 + 120, y + h // 2 + 40))
    assert scene.viewport.center != fitted.center
    panned = scene.viewport
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(x + 50, y + 50), rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    ui.steps(app, 2)
    assert scene.viewport.zoom > panned.zoom
    zoomed = scene.viewport.zoom
    ui.post_key(pygame.K_MINUS)
    ui.steps(app, 2)
    assert scene.viewport.zoom < zoomed
    at = scene.at
    ui.post_key(pygame.K_LEFT)
    ui.steps(app, 2)
    assert scene.at == at - 1  # a step back, not a pan


def test_hovering_a_region_shows_its_tooltip() -> None:
    app, scene = replay_of_bots()
    assert scene.mapc.boxes is not None
    rid, (bx, by, bw, bh) = next(iter(scene.mapc.boxes.boxes.items()))
    pos = (bx + bw // 2, by + bh // 2)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    ui.steps(app, 2)
    assert scene.mapc.hover == rid
    name = scene.rules.regions[rid].name
    assert any(t.startswith(f"{name} ({rid})") for t in app.visible_texts())


def test_a_step_in_words_hides_other_seats_actions_and_hands() -> None:
    _, scene = replay_of_bots()
    rules = scene.rules
    step = scene.session.record.steps[0]
    other = next(s for s in rules.seats if s != step.actor)
    view = scene.states[1].view_for(other)
    seen = happened_html(rules, view, step, other)
    assert step.action not in seen  # another seat's raw action stays hidden
    assert "hand:" in seen and seen.count("hand:") == 1  # its own hand only
    control = happened_html(rules, scene.states[1].view_for(CONTROL), step, CONTROL)
    assert step.action in control and control.count("hand:") == len(rules.seats)
    argued = Step("argue corridor", other, text="it is time", reason="")
    assert "it is time" in happened_html(rules, view, argued, other)
    assert "No notes" in notes_html([])
