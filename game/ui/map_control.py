"""The map's own input: zoom with the wheel and keys, pan by dragging or with the arrows,
hover a region, click one.

The play scene hands the map the events that are left once the cover, dialogs,
buttons and the hand have had theirs; the map answers with the region clicked
(if any). Keeping the pointer's state (where the mouse is, a drag in progress,
the region under it) here keeps the scene's own state small.
"""

from __future__ import annotations

import math

import attrs
import pygame

from game.render.boxes import BoxLayout
from game.render.projection import FOCUS_BOUNDS, Bounds, Rect, Viewport

DRAG_SLOP = 5
"""Pixels the mouse may move during a click before it counts as a drag."""
PAN_STEP = 80
"""Pixels an arrow key pans the map."""


STRIP_PX = 140
"""The off-map strip's width, give or take: a scenario's own frame leaves it free."""


class MapControl:
    """The viewport of the map and the pointer over it."""

    def __init__(self, area: Rect, focus: Bounds = FOCUS_BOUNDS):
        self.area = area
        self.focus = focus
        """The lon/lat box the map opens on (the scenario's own regions)."""
        self.viewport = Viewport.fit(area, focus)
        if focus != FOCUS_BOUNDS:  # room on the left for the strip of off-map boxes
            kx = math.cos(math.radians(self.viewport.ref_lat))
            strip = STRIP_PX / (self.viewport.scale * kx)
            self.focus = (focus[0] - strip, *focus[1:])
            self.viewport = Viewport.fit(area, self.focus)
        self.mouse = (0, 0)
        self.drag_from: tuple[int, int] | None = None
        self.drag: tuple[int, int] = (0, 0)
        """The offset of a drag in progress (drawn before it is applied)."""
        self.dragging = False
        self.hover: str | None = None
        """The region under the pointer."""
        self.boxes: BoxLayout | None = None
        """Where the region boxes were drawn last (set by the scene's draw)."""

    def resize(self, area: Rect) -> None:
        """A new map area; the zoom and the centre stay."""
        zoom, centre = self.viewport.zoom, self.viewport.center
        self.area = area
        fitted = Viewport.fit(area, self.focus)
        self.viewport = attrs.evolve(fitted, zoom=zoom, center=centre)._clamped()

    def contains(self, pos: tuple[int, int]) -> bool:
        return pygame.Rect(self.area).collidepoint(pos)

    def zoom(self, factor: float, about: tuple[int, int] | None = None) -> None:
        self.viewport = self.viewport.zoomed(factor, about)

    def track(self, event: pygame.event.Event) -> None:
        """Remember where the pointer is (every mouse event, whoever handles it)."""
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse = event.pos

    def key(self, key: int) -> bool:
        """Zoom (+, -), fit (Home) or pan (arrows); True when the key was the map's."""
        if key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.zoom(1.25)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.zoom(0.8)
        elif key == pygame.K_HOME:
            self.viewport = Viewport.fit(self.area, self.focus)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            dx = {pygame.K_LEFT: PAN_STEP, pygame.K_RIGHT: -PAN_STEP}.get(key, 0)
            dy = {pygame.K_UP: PAN_STEP, pygame.K_DOWN: -PAN_STEP}.get(key, 0)
            self.viewport = self.viewport.panned(dx, dy)
        else:
            return False
        return True

    def handle(
        self, event: pygame.event.Event, *, may_zoom: bool = True, over_widget: bool = False
    ) -> str | None:
        """A mouse event on the map: wheel zoom, drag, hover; the region clicked, if any.

        ``may_zoom`` is False while a dialog is open (the wheel scrolls it);
        ``over_widget`` is True when the press is on a widget lying over the map.
        """
        if event.type == pygame.MOUSEWHEEL and may_zoom and self.contains(self.mouse):
            self.zoom(1.25 ** max(-3, min(3, event.y)), self.mouse)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.contains(event.pos) and not over_widget:
                self.drag_from = event.pos
                self.dragging = False
        elif event.type == pygame.MOUSEMOTION:
            if self.drag_from is not None:
                dx, dy = event.pos[0] - self.drag_from[0], event.pos[1] - self.drag_from[1]
                if self.dragging or math.hypot(dx, dy) > DRAG_SLOP:
                    self.dragging = True
                    self.drag = (dx, dy)
            elif self.boxes is not None and self.contains(event.pos):
                self.hover = self.boxes.hit(*event.pos)
            else:
                self.hover = None
        elif (
            event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag_from is not None
        ):
            clicked = None
            if self.dragging:
                self.viewport = self.viewport.panned(*self.drag)
            elif self.boxes is not None:
                clicked = self.boxes.hit(*event.pos)
            self.drag_from, self.dragging, self.drag = None, False, (0, 0)
            return clicked
        return None
