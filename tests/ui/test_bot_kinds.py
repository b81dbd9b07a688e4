"""The start screen chooses any kind of bot for a seat, and the game plays it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ui import testing as ui
from game.ui.app import App
from game.ui.play import PlayScene
from tests.scenario_kit import TINY


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def test_a_seat_cycles_through_human_and_every_bot_kind(home: Path) -> None:
    app = App(scenario=TINY, seed=2, size=(1280, 720), fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    ui.steps(app, 2)
    labels = []
    for _ in range(4):
        button = ui.find(app, "#seat_blue")
        assert button is not None
        labels.append(button.text)
        ui.click(app, button)
    assert labels == ["Human", "Bot (random)", "Bot (heuristic)", "Bot (ismcts)"]
    assert ui.find(app, "#seat_blue").text == "Human"  # and round again
    ui.click(app, ui.find(app, "#seat_blue"))
    ui.click(app, ui.find(app, "#seat_blue"))  # heuristic
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    table = app.scene.table
    assert type(table.bots["blue"]).__name__ == "HeuristicBot"
    seats = {s.seat: (s.kind, s.bot) for s in table.session.record.seats}
    assert seats == {"red": ("human", ""), "blue": ("bot", "heuristic")}
