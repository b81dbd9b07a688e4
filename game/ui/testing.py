"""Driving the board with posted events, and comparing screenshots with a tolerance.

Used by the UI tests and the benchmark. Clicks are posted as real SDL events
(motion, button down, button up) and go through the app's own loop, so a
test exercises exactly the code a player's mouse does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pygame_gui

from game.ui.app import App
from game.ui.gui import _walk


def post_click(pos: tuple[int, int], button: int = 1) -> None:
    """Queue a full mouse click at ``pos`` (handled by the next ``App.step``)."""
    x, y = int(pos[0]), int(pos[1])
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=button))


def post_key(key: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
    )
    pygame.event.post(
        pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
    )


def centre(element: pygame_gui.core.UIElement) -> tuple[int, int]:
    """The screen centre of a widget (its absolute rect)."""
    r = element.get_abs_rect() if hasattr(element, "get_abs_rect") else element.rect
    return int(r.centerx), int(r.centery)


def click(app: App, target: pygame_gui.core.UIElement | tuple[int, int], frames: int = 2) -> None:
    """Click a widget (or a point) and let the app run a few frames."""
    pos = target if isinstance(target, tuple) else centre(target)
    post_click(pos)
    steps(app, frames)


def steps(app: App, n: int = 1) -> None:
    for _ in range(n):
        app.step()


def choose(app: App, menu: pygame_gui.elements.UIDropDownMenu, text: str) -> None:
    """Pick ``text`` in a drop-down menu with the mouse: open it, scroll to it, click it."""
    steps(app, 2)
    for _ in range(3):  # a menu that just closed may need a frame before it opens again
        click(app, menu)
        lst = getattr(menu.current_state, "options_selection_list", None)
        if lst is not None:
            break
    else:
        raise AssertionError("the drop-down did not open")
    texts = [item["text"] for item in lst.item_list]
    if text not in texts:
        raise AssertionError(f"'{text}' is not an option: {texts}")
    i = texts.index(text)
    item = lst.item_list[i]
    if item["button_element"] is None and lst.scroll_bar is not None:
        lst.scroll_bar.set_scroll_from_start_percentage(i / max(len(texts), 1))
        steps(app, 2)
    button = item["button_element"]
    if button is None:
        raise AssertionError(f"'{text}' cannot be scrolled into view")
    click(app, button, frames=5)


def find(app: App, object_id: str) -> pygame_gui.core.UIElement | None:
    """The visible widget whose object id ends with ``object_id`` ('#start', '#seat_red')."""
    for element in _walk(app.manager.get_root_container()):
        ids = getattr(element, "object_ids", None) or []
        if ids and ids[-1] == object_id and element.alive() and element.visible:
            return element
    return None


# -- screenshots ------------------------------------------------------------------------------
def abs_diff(a: pygame.Surface, b: pygame.Surface) -> pygame.Surface:
    """|a - b| per channel, computed with saturating blits (no numpy needed)."""
    a = a.convert(24) if a.get_bitsize() != 24 else a
    b = b.convert(a)
    d1 = a.copy()
    d1.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    d2 = b.copy()
    d2.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    d1.blit(d2, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    return d1


def mean_abs_diff(a: pygame.Surface, b: pygame.Surface) -> float:
    """Mean absolute difference per channel (0..255) of two same-sized images."""
    if a.get_size() != b.get_size():
        return 255.0
    r, g, bl, *_ = pygame.transform.average_color(abs_diff(a, b))
    # average_color rounds to integers; a tiny difference would read as 0, so count it.
    if (r, g, bl) == (0, 0, 0) and pygame.image.tobytes(a, "RGB") != pygame.image.tobytes(b, "RGB"):
        return 0.5
    return (r + g + bl) / 3


def diff_image(a: pygame.Surface, b: pygame.Surface) -> pygame.Surface:
    """The differences, brightened eight times, over a dark copy of ``a``."""
    d = abs_diff(a, b)
    for _ in range(3):
        d.blit(d, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    out = a.convert(24) if a.get_bitsize() != 24 else a.copy()
    out.fill((60, 60, 60), special_flags=pygame.BLEND_RGB_MULT)
    out.blit(d, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    return out


def compare_screenshot(
    surface: pygame.Surface,
    reference: str | Path,
    out_dir: str | Path,
    threshold: float = 2.0,
) -> tuple[bool, str]:
    """Compare ``surface`` with a reference PNG (mean absolute pixel difference).

    With UPDATE_SCREENSHOTS=1 in the environment the reference is (re)written.
    On a mismatch the actual image and a diff image are written to ``out_dir``.
    """
    reference = Path(reference)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not reference.exists():
        if os.environ.get("UPDATE_SCREENSHOTS") != "1":
            return False, f"no reference {reference}; run with UPDATE_SCREENSHOTS=1 to create it"
        reference.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(reference))
        return True, f"wrote {reference}"
    ref = pygame.image.load(str(reference))
    actual = surface.copy()
    score = mean_abs_diff(actual, ref)
    if score <= threshold:
        return True, f"mean abs diff {score:.3f} <= {threshold}"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pygame.image.save(actual, str(out / f"{reference.stem}.actual.png"))
    if actual.get_size() == ref.get_size():
        pygame.image.save(diff_image(actual, ref), str(out / f"{reference.stem}.diff.png"))
    return False, (
        f"{reference.name}: mean abs diff {score:.3f} > {threshold}; "
        f"actual and diff images in {out}"
    )
