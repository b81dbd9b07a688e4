"""Where the files that ship with the game live: scenarios, mods, assets and schemas.

In a source checkout (or an editable install) they are the repository's own
``rules/``, ``mods/``, ``assets/`` and ``schema/`` folders beside ``game/``. A built
wheel carries copies of them inside the package as ``game/_shipped/`` (setup.py
copies them at build time), found through :mod:`importlib.resources`, so an
installed game plays from any folder. Every shell asks here, never for a path of
its own; a path given on the command line still overrides.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
FOLDERS = ("rules", "mods", "assets", "schema")
"""The folders that ship with the game."""


def shipped(*parts: str) -> Path:
    """A shipped file or folder: the repository's when this is a checkout, else the wheel's."""
    if (_REPO / "rules").is_dir():
        return _REPO.joinpath(*parts)
    return Path(str(files("game").joinpath("_shipped", *parts)))
