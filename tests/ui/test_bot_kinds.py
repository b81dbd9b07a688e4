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
    assert labels == ["Human", "Bot (heuristic)", "Bot (ismcts)", "Bot (random)"]
    assert ui.find(app, "#seat_blue").text == "Human"  # and round again
    ui.click(app, ui.find(app, "#seat_blue"))  # heuristic, the default bot
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    table = app.scene.table
    assert type(table.bots["blue"]).__name__ == "HeuristicBot"
    seats = {s.seat: (s.kind, s.bot) for s in table.session.record.seats}
    assert seats == {"red": ("human", ""), "blue": ("bot", "heuristic")}


def test_seats_named_on_the_command_line_start_as_their_bots(home: Path) -> None:
    from tests.scenario_kit import DEFAULT

    bots = ("turkey", "iran=ismcts", "west=random", "russia=heuristic:freeze")
    app = App(scenario=DEFAULT, seed=2, size=(1280, 800), fps=0, bot_delay_ms=0,
              clock=lambda: 0.0, bots=bots)  # fmt: skip
    ui.steps(app, 2)
    texts = {s: ui.find(app, f"#seat_{s}").text for s in ("turkey", "iran", "west", "armenia")}
    assert texts == {
        "turkey": "Bot (heuristic)",
        "iran": "Bot (ismcts)",
        "west": "Bot (random)",
        "armenia": "Human",
    }
    assert ui.find(app, "#doctrine_russia").text == "Doctrine: Freeze the conflict"


def test_a_bot_seat_picks_one_of_its_actors_named_doctrines(home: Path) -> None:
    from tests.scenario_kit import DEFAULT

    app = App(
        scenario=DEFAULT,
        seed=2,
        size=(1280, 800),
        fps=0,
        bot_delay_ms=0,
        clock=lambda: 0.0,
        bots=("russia=heuristic",),
    )
    ui.steps(app, 2)
    assert ui.find(app, "#doctrine_turkey") is None  # a human seat has no doctrine
    titles = []
    for _ in range(4):
        button = ui.find(app, "#doctrine_russia")
        assert button is not None
        titles.append(button.text)
        ui.click(app, button)
    assert titles == [
        "Doctrine: as the scenario says",
        "Doctrine: Defensive realism",
        "Doctrine: The expansive mediator",
        "Doctrine: Freeze the conflict",
    ]
    assert ui.find(app, "#doctrine_russia").text == "Doctrine: as the scenario says"  # round
    ui.click(app, ui.find(app, "#doctrine_russia"))  # to 'defensive'
    scene = app.scene
    assert scene.bot_spec("russia") == "heuristic:defensive"
    ui.click(app, ui.find(app, "#start"))
    assert isinstance(app.scene, PlayScene)
    table = app.scene.table
    assert table.bots["russia"].doctrine["ru_no_nato"] == 1.2  # the defensive reading's weight
    seats = {s.seat: s.bot for s in table.session.record.seats if s.kind == "bot"}
    assert seats == {"russia": "heuristic:defensive"}
