"""The board in another language: picked on the start screen, kept in the settings, and
every word of the start screen and the menus translated, fitting where it stands.

The program's texts are checked against its own catalogue: no text of the start
screen or the top bar may be one of the catalogue's English texts (a marked text shown
untranslated), and every button and label must still hold its words. A text never
marked for translation is not in the catalogue, so these checks cannot see it; the
screens are looked at rendered for those.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from babel.messages.pofile import read_po

from game.i18n import set_language
from game.session.library import REPO
from game.session.settings import load_settings
from game.ui import testing as ui
from game.ui.app import App
from game.ui.gui import _walk, overflowing
from game.ui.play import PlayScene
from game.ui.start import StartScene

CAUCASUS = REPO / "rules" / "caucasus-2020"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    set_language("en")
    yield tmp_path
    set_language("en")


def english_texts() -> set[str]:
    """The English texts the program's Russian catalogue translates to something else."""
    catalogue = read_po((REPO / "assets" / "locale" / "ru.po").open("rb"), locale="ru")
    return {m.id for m in catalogue if m.id and m.string and m.string != m.id}


def shown(app: App) -> list[str]:
    """Every text on the screen: widgets' texts and tips, and what the scene drew."""
    out = list(app.texts)
    for element in _walk(app.manager.get_root_container()):
        if getattr(element, "visible", True) and element.alive():
            out += [t for t in (getattr(element, "text", ""), getattr(element, "tool_tip_text", ""))
                    if isinstance(t, str) and t]  # fmt: skip
    return out


def untranslated(app: App) -> list[str]:
    english = english_texts()
    return [t for t in shown(app) if t in english]


def start_game(app: App) -> None:
    assert isinstance(app.scene, StartScene)
    ui.click(app, app.scene.start_button, 3)
    for _ in range(8):  # through the first hand-off covers
        ui.post_key(pygame.K_SPACE)
        ui.steps(app, 2)
    assert isinstance(app.scene, PlayScene)


@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
def test_the_start_screen_and_the_menus_in_russian(size: tuple[int, int]) -> None:
    set_language("ru")
    app = App(scenario=CAUCASUS, size=size, fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    ui.steps(app, 3)
    assert isinstance(app.scene, StartScene)
    texts = shown(app)
    assert "Начать игру" in texts and "Российская Федерация" in texts
    assert "Ближнее зарубежье: Южный Кавказ, осень 2020" in texts
    assert untranslated(app) == []
    assert overflowing(app.manager) == []
    start_game(app)
    ui.steps(app, 2)
    texts = shown(app)
    words = ("Отменить", "Сохранить", "Загрузить", "Справка", "Во весь экран", "Ход 1/10",
             "Неделя 1: начало войны")  # fmt: skip
    for word in words:
        assert word in texts, word
    scene = app.scene
    assert isinstance(scene, PlayScene)
    hand = scene.table.rules.cards
    assert all(any("а" <= ch <= "я" for ch in c.title.lower()) for c in hand.values())
    assert [t for t in untranslated(app) if t in ("Undo", "Save", "Load", "Help")] == []
    assert overflowing(app.manager) == []


def test_the_language_is_picked_on_the_start_screen_and_kept() -> None:
    app = App(scenario=CAUCASUS, size=(1600, 900), fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    ui.steps(app, 2)
    assert isinstance(app.scene, StartScene)
    assert app.scene.start_button.text == "Start the game"
    assert "Start the game" in untranslated(app)  # the check sees English where it is
    for name, start, title, code in (
        ("Русский", "Начать игру", "Ближнее", "ru"),
        ("English", "Start the game", "Near Abroad", "en"),
    ):
        ui.choose(app, app.scene.language_menu, name)
        ui.steps(app, 2)
        assert isinstance(app.scene, StartScene)
        assert app.scene.start_button.text == start
        assert app.scene.rules is not None and app.scene.rules.manifest.title.startswith(title)
        assert load_settings()[0].language == code


def test_the_menu_shows_the_language_in_use_for_a_regional_code() -> None:
    """A system asking for ru_RU gets the Russian words, and the menu says Русский."""
    set_language("ru_RU")
    app = App(scenario=CAUCASUS, size=(1280, 720), fps=0, bot_delay_ms=0, clock=lambda: 0.0)
    ui.steps(app, 2)
    assert isinstance(app.scene, StartScene)
    assert app.scene.start_button.text == "Начать игру"
    assert app.scene.language_menu.selected_option == ("Русский", "ru")


def test_a_scale_that_cannot_be_kept_is_said_and_the_board_opens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The settings folder cannot be written: --scale warns and plays (it was a traceback)."""
    from game.ui import launch

    def refuse(**changes: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(launch, "keep_settings", refuse)
    tiny = REPO / "tests" / "scenarios" / "tiny"
    assert launch.run(scenario=tiny, scale=1.5, max_frames=2) == 0
    assert "the scale is not kept for later launches" in capsys.readouterr().err
