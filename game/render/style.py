"""Colours and small drawing helpers shared by the board, the panels and the overlays.

The board is a light paper map, so markers are drawn as off-white counters
with dark ink and the actors' colours as accents; the panels around it are a
dark slate, so the map stays the brightest, most important thing on screen.
Actor colours always come from the scenario (a colour-blind-safe palette is
the scenario's job); every use of an actor colour here is paired with the
actor's symbol or short label, so colour is never the only cue.
"""

from __future__ import annotations

import pygame

from game.render import fonts

Color = tuple[int, int, int]

# --- panels (dark) -----------------------------------------------------------------------
PANEL_BG: Color = (30, 36, 48)
PANEL_EDGE: Color = (62, 72, 92)
PANEL_TEXT: Color = (232, 229, 221)
PANEL_MUTED: Color = (160, 166, 178)
ACCENT: Color = (224, 184, 90)
"""Gold: what the player can do now (legal targets, the primary button)."""
DANGER: Color = (210, 80, 70)

# --- board counters (light) --------------------------------------------------------------
BOX_BG: Color = (250, 247, 239)
BOX_SEA_BG: Color = (226, 238, 247)
BOX_OFFMAP_BG: Color = (238, 234, 246)
BOX_EDGE: Color = (120, 112, 104)
BOX_TEXT: Color = (36, 34, 38)
BOX_MUTED: Color = (110, 104, 100)
ADJACENCY: Color = (92, 86, 80)
LEADER: Color = (60, 56, 54)
TARGET: Color = ACCENT
HOVER: Color = (255, 255, 255)
SHADOW = (0, 0, 0, 70)

PATH_STYLES: dict[str, tuple[Color, int, str]] = {
    "pipeline": ((34, 74, 110), 3, "solid"),
    "railway": ((52, 44, 40), 2, "rail"),
    "corridor": ((196, 58, 44), 3, "dash"),
    "road": ((150, 96, 24), 3, "dot"),
}
"""How each kind of path is drawn: colour, width and a pattern (legend uses the same)."""
PATH_LABELS = {
    "pipeline": "Pipeline",
    "railway": "Railway",
    "corridor": "Corridor",
    "road": "Road / transport link",
}


def hex_colour(text: str) -> Color:
    """'#rrggbb' -> (r, g, b); anything unparsable becomes mid grey rather than a crash."""
    t = text.strip().lstrip("#")
    try:
        return (int(t[0:2], 16), int(t[2:4], 16), int(t[4:6], 16))
    except (ValueError, IndexError):
        return (128, 128, 128)


def luminance(c: Color) -> float:
    r, g, b = (v / 255 for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(c: Color) -> Color:
    """Dark or light text, whichever reads on background ``c``."""
    return BOX_TEXT if luminance(c) > 0.5 else (250, 250, 250)


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend ``a`` towards ``b`` by ``t`` (0..1)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


GLYPH_FALLBACKS = {"→": "to", "←": "from", "✓": "yes", "≥": ">=", "≤": "<="}
"""Characters the bundled Noto Sans lacks, and what to show instead of a blank box."""


def clean(s: str) -> str:
    """``s`` with characters the font cannot draw replaced by words."""
    for ch, alt in GLYPH_FALLBACKS.items():
        if ch in s:
            s = s.replace(ch, alt)
    return s


_text_cache: dict[tuple[str, int, bool, Color], pygame.Surface] = {}


def text(s: str, size: int, colour: Color = BOX_TEXT, bold: bool = False) -> pygame.Surface:
    """Render (and cache) anti-aliased text in the bundled font.

    Board labels repeat every frame; caching the rendered surfaces keeps a full
    frame well under the budget.
    """
    key = (s, size, bold, colour)
    surf = _text_cache.get(key)
    if surf is None:
        if len(_text_cache) > 4000:
            _text_cache.clear()
        surf = fonts.font(size, bold).render(clean(s), True, colour)
        _text_cache[key] = surf
    return surf


def wrap(s: str, size: int, width: int, bold: bool = False, max_lines: int = 0) -> list[str]:
    """Greedy word wrap to ``width`` pixels; the last line gets an ellipsis if cut."""
    face = fonts.font(size, bold)
    lines: list[str] = []
    line = ""
    for word in s.split():
        trial = f"{line} {word}" if line else word
        if face.size(trial)[0] <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and face.size(last + "…")[0] > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def fit(s: str, size: int, width: int, bold: bool = False) -> str:
    """``s`` cut with an ellipsis so it fits ``width`` pixels."""
    face = fonts.font(size, bold)
    if face.size(s)[0] <= width:
        return s
    while s and face.size(s + "…")[0] > width:
        s = s[:-1]
    return s.rstrip() + "…"


def short_name(name: str) -> str:
    """The first part of a region's name for its box ('Ganja-Yevlakh-Mingachevir' -> 'Ganja')."""
    for sep in (" / ", " (", "-", ","):
        if sep in name:
            name = name.split(sep)[0]
    return name.strip()


def date_text(iso: str) -> str:
    """'2020-09-27' -> '27 Sep 2020' (unknown formats pass through)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    try:
        y, m, d = iso.split("-")
        return f"{int(d)} {months[int(m) - 1]} {y}"
    except (ValueError, IndexError):
        return iso
