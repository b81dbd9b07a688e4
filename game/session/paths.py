"""Where the game keeps its files: the platform's user data folder (or NEAR_ABROAD_HOME)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The folder for autosaves and saves; NEAR_ABROAD_HOME overrides it (tests, portable use)."""
    override = os.environ.get("NEAR_ABROAD_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("near-abroad", appauthor=False))


def autosave_path() -> Path:
    return data_dir() / "autosave.json"


def mods_dir() -> Path:
    """Where players install mods: one folder per mod, each with its mod.yaml."""
    return data_dir() / "mods"
