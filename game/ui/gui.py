"""pygame_gui set-up: the manager with our theme and font, and what is visible on screen.

The theme lives in ``assets/ui/theme.json`` so it can be restyled without
touching code. Fonts are the bundled Noto Sans (registered under the name
``noto``), preloaded at start so the first frame does not stall on loading.
``visible_texts`` lists the text of every visible widget: tests use it to
check, for instance, that no card title is on screen during a hand-off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from game.render import fonts
from game.shipped import shipped

THEME = shipped("assets", "ui", "theme.json")


def make_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """A UIManager styled by the game's theme, with the bundled font."""
    manager = pygame_gui.UIManager(size, theme_path=None, enable_live_theme_updates=False)
    regular, bold = str(fonts.font_path(False)), str(fonts.font_path(True))
    # No italic face is bundled: <i> falls back to the upright faces.
    manager.add_font_paths("noto", regular, bold, regular, bold)
    manager.get_theme().load_theme(str(THEME))
    # The faces rich text asks for (<b>, <i>) at the text boxes' sizes.
    # Only those the theme has not loaded already: a second preload prints a warning.
    loaded = manager.get_theme().get_font_dictionary()
    wanted = [
        {"name": "noto", "point_size": size, "style": face}
        for size in (13, 14, 16)
        for face in ("bold", "italic")
        if not loaded.check_font_preloaded(f"noto_{face}_aa_{size}")
    ]
    if wanted:
        manager.preload_fonts(wanted)
    return manager


def use_language(manager: pygame_gui.UIManager, code: str | None = None) -> None:
    """pygame_gui's own words (the file dialog's buttons) in the program's language, when
    pygame_gui has them (it ships about twenty languages; others keep English)."""
    from game.i18n import language

    base = (code or language()).split("_")[0]
    ours = Path(pygame_gui.__file__).parent / "data" / "translations" / f"pygame-gui.{base}.json"
    manager.set_locale(base if ours.is_file() else "en")


def oid(class_id: str | None = None, object_id: str | None = None) -> ObjectID:
    return ObjectID(object_id=object_id, class_id=class_id)


def _walk(element: Any) -> Any:
    yield element
    children = getattr(element, "elements", None)
    if children is None:
        container = getattr(element, "get_container", None)
        if container is not None and container() is not element:
            children = container().elements
    for child in children or ():
        yield from _walk(child)


def visible_texts(manager: pygame_gui.UIManager) -> list[str]:
    """The text of every visible widget (labels, buttons, text boxes, windows' titles).

    Widgets may carry ``drawn_texts`` (card faces rendered as images list their words).
    """
    out: list[str] = []
    root = manager.get_root_container()
    for element in _walk(root):
        if element is root or not getattr(element, "visible", True):
            continue
        if not element.alive():
            continue
        text = getattr(element, "text", None)
        if isinstance(text, str) and text:
            out.append(text)
        html = getattr(element, "html_text", None)
        if isinstance(html, str) and html:
            out.append(html)
        out.extend(getattr(element, "drawn_texts", ()))
    return out


def overflowing(manager: pygame_gui.UIManager, slack: int = 6) -> list[str]:
    """Visible labels and buttons whose text is wider than their rectangle (less ``slack``
    pixels of padding): what a screen test looks for. Text boxes wrap, so they never are."""
    out: list[str] = []
    root = manager.get_root_container()
    for element in _walk(root):
        if element is root or not getattr(element, "visible", True) or not element.alive():
            continue
        if not isinstance(element, (pygame_gui.elements.UILabel, pygame_gui.elements.UIButton)):
            continue
        text, font = getattr(element, "text", ""), getattr(element, "font", None)
        if not text or font is None:
            continue
        need, room = font.size(text)[0], element.rect.width - slack
        if need > room:
            out.append(f"{text!r}: {need} px in {room}")
    return out


def flush(manager: pygame_gui.UIManager) -> None:
    """Let freshly built widgets settle (pygame_gui builds some parts on its first update)."""
    manager.update(0.0)


def blank(size: tuple[int, int]) -> pygame.Surface:
    return pygame.Surface(size, pygame.SRCALPHA)
