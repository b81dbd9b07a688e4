"""Where things go on screen: the window's areas for a window size.

A pure function of sizes, so the app, the tests and the X11 test that clicks
with xdotool all compute the same coordinates. Where the region boxes go on
the map is the board renderer's business (:mod:`game.render.boxes`).
"""

from __future__ import annotations

import attrs

from game.render.projection import Rect

TOP_BAR = 44
"""Height of the bar with the turn, date, phase and the buttons."""
ACTION_ROW = 62
"""Height of the row with the prompt and the decision's buttons."""


@attrs.frozen
class ScreenLayout:
    """The window's areas for one window size."""

    size: tuple[int, int]
    top: Rect
    map: Rect
    side: Rect
    tracks: Rect
    scores: Rect
    log: Rect
    actions: Rect
    hand: Rect
    detail: Rect


def _clamp(v: float, lo: float, hi: float) -> int:
    return round(min(max(v, lo), hi))


def screen_layout(size: tuple[int, int], n_tracks: int = 6) -> ScreenLayout:
    """Split the window: top bar, map, right sidebar, and the hand under the map."""
    w, h = max(size[0], 640), max(size[1], 480)
    side_w = _clamp(w * 0.23, 300, 400)
    bottom_h = _clamp(h * 0.245, 178, 236)
    map_w = w - side_w
    map_h = h - TOP_BAR - bottom_h
    top = (0, 0, w, TOP_BAR)
    mp = (0, TOP_BAR, map_w, map_h)
    side = (map_w, TOP_BAR, side_w, h - TOP_BAR)
    track_row = 24 if h < 800 else 26
    tracks_h = 30 + track_row * max(n_tracks, 1)
    rest = side[3] - tracks_h
    scores_h = round(rest * 0.45)
    tracks = (map_w, TOP_BAR, side_w, tracks_h)
    scores = (map_w, TOP_BAR + tracks_h, side_w, scores_h)
    log = (map_w, TOP_BAR + tracks_h + scores_h, side_w, rest - scores_h)
    by = TOP_BAR + map_h
    actions = (0, by, map_w, ACTION_ROW)
    detail_w = _clamp(map_w * 0.27, 240, 340)
    hand = (0, by + ACTION_ROW, map_w - detail_w, bottom_h - ACTION_ROW)
    detail = (map_w - detail_w, by + ACTION_ROW, detail_w, bottom_h - ACTION_ROW)
    return ScreenLayout((w, h), top, mp, side, tracks, scores, log, actions, hand, detail)


def card_rects(area: Rect, n: int) -> list[Rect]:
    """Rectangles of ``n`` cards laid side by side in ``area`` (narrower when many)."""
    if n <= 0:
        return []
    x0, y0, w, h = area
    pad = 8
    cw = min(172, (w - pad * (n + 1)) // n)
    ch = h - 2 * pad
    return [(x0 + pad + i * (cw + pad), y0 + pad, cw, ch) for i in range(n)]
