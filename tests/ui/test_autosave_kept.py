"""A new game started on the board keeps the game autosaved before (in saves/), and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.shipped import shipped
from game.ui import testing as ui
from game.ui.app import App
from game.ui.play import PlayScene


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def test_starting_a_game_keeps_the_autosaved_one(home: Path) -> None:
    before = '{"app": "near-abroad", "note": "a game in progress"}\n'
    (home / "autosave.json").write_text(before)
    app = App(scenario=shipped("rules", "georgia-2008"), size=(1280, 720), fps=0)
    ui.steps(app, 2)
    ui.click(app, ui.find(app, "#start"))
    ui.steps(app, 2)
    assert isinstance(app.scene, PlayScene)
    kept = list((home / "saves").glob("autosave-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == before
    assert app.notice is not None and kept[0].name in app.notice[0]
    assert (home / "autosave.json").read_text() != before  # the new game's own autosave
