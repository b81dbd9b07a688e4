"""The user's settings, kept between launches: a small JSON file in the user data folder.

Only what a person chooses once for their machine lives here (the UI scale for a
HiDPI screen, the language); everything about a game is in its save. A missing or damaged file
means the defaults, said once, never a crash; writing is atomic.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import attrs

from game.session.paths import data_dir

LANGUAGE = re.compile(r"^([a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_\d{3})?)?$")
"""A language setting: '' (the system's) or a code as gettext writes it ('ru', 'pt_BR')."""

SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
"""The UI scales on offer: the window is the board's size times the scale."""


@attrs.frozen
class Settings:
    ui_scale: float = 1.0
    """How much larger the whole window is drawn (HiDPI screens)."""
    language: str = ""
    """The language of the game's words ('ru'); '' follows the system's (LANGUAGE, LANG),
    and English is used wherever a translation is missing (game.i18n)."""


def settings_path() -> Path:
    return data_dir() / "settings.json"


def load_settings() -> tuple[Settings, str]:
    """The saved settings, and a warning when the file could not be used ('' when fine)."""
    path = settings_path()
    if not path.exists():
        return Settings(), ""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw = raw if isinstance(raw, dict) else {}
        scale = float(raw.get("ui_scale", 1.0))
        language = raw.get("language", "")
    except (OSError, ValueError, TypeError) as exc:
        return Settings(), f"settings in {path} could not be read ({exc}); using the defaults"
    problems = []
    if scale not in SCALES:
        problems.append(f"ui_scale {scale} in {path} is not one of {SCALES}; using 1.0")
        scale = 1.0
    if not isinstance(language, str) or not LANGUAGE.fullmatch(language):
        problems.append(
            f"language {str(language)[:20]!r} in {path} is not a language code such as 'ru' "
            "or 'pt_BR'; following the system's language"
        )
        language = ""
    return Settings(ui_scale=scale, language=language), "; ".join(problems)


def keep_settings(**changes: Any) -> Settings:
    """The saved settings with ``changes``, written back for later launches (OSError when
    they cannot be written)."""
    settings, _problem = load_settings()
    settings = attrs.evolve(settings, **changes)
    save_settings(settings)
    return settings


def save_settings(settings: Settings) -> Path:
    """Write the settings atomically (a crash never leaves half a file)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(attrs.asdict(settings), f, indent=2)
    os.replace(tmp, path)
    return path
