"""The board's typeface: Noto Sans (SIL OFL 1.1), bundled under assets/fonts.

The game ships its own font so text looks the same on every machine and never
depends on system fonts; ``assets/fonts/OFL.txt`` carries the licence. Fonts
are loaded lazily and cached per (size, weight), since opening a TTF is slow
compared with a frame.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game.shipped import shipped

FONT_DIR = shipped("assets", "fonts")
"""Where the bundled font files live (the repo's assets/, beside game/)."""

REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
BOLD = FONT_DIR / "NotoSans-Bold.ttf"
LICENSE = FONT_DIR / "OFL.txt"

_cache: dict[tuple[int, bool], pygame.font.Font] = {}


def font_path(bold: bool = False) -> Path:
    """Path of the bundled regular or bold face."""
    return BOLD if bold else REGULAR


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A cached ``pygame.font.Font`` of the bundled face at ``size`` pixels.

    Initialises ``pygame.font`` on first use; if something has quit it since,
    the stale cache is dropped and fonts are reopened.
    """
    if size <= 0:
        raise ValueError(f"font size must be positive, got {size}")
    if not pygame.font.get_init():
        _cache.clear()
        pygame.font.init()
    key = (int(size), bool(bold))
    cached = _cache.get(key)
    if cached is None:
        cached = pygame.font.Font(font_path(bold), key[0])
        _cache[key] = cached
    return cached
