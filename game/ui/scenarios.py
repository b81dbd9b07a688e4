"""What the start screen offers and what it asks for: the shipped scenarios, a
scenario's rules loaded for play, and the request to start or load a game.

Loading never raises: a scenario with errors comes back as its diagnostics in
text, which the start screen shows where Start would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from game.i18n import in_language
from game.ruleset.diagnostics import render_all
from game.ruleset.load import check_ruleset
from game.ruleset.model import Ruleset
from game.session.record import SeatConfig
from game.shipped import shipped

RULES_DIR = shipped("rules")
"""The shipped scenarios: one folder each."""


@attrs.frozen
class StartRequest:
    """What the player asked for: a new game, or a save file to continue."""

    rules: Ruleset | None = None
    seats: tuple[SeatConfig, ...] = ()
    seed: int = 1
    load: str | None = None
    scenario: str = ""
    control: bool = False
    """A seminar game: a Control cell takes part, with its own hand-off."""
    replay: bool = False
    """Open ``load`` in the replay viewer instead of playing on."""


def scenario_folders(extra: str | Path | None = None) -> list[str]:
    """Scenario folders to offer: those under rules/, plus the one asked for."""
    found = []
    if RULES_DIR.is_dir():
        found = sorted(str(p) for p in RULES_DIR.iterdir() if (p / "scenario.yaml").is_file())
    if extra is not None and str(Path(extra)) not in found:
        found.insert(0, str(Path(extra)))
    return found


def load_rules(folder: str, mods: Sequence[str] = ()) -> tuple[Ruleset | None, str]:
    """A scenario's ruleset with ``mods`` on top, or None and its diagnostics as text."""
    try:
        ruleset, diags, files = check_ruleset(folder, mods)
    except Exception as exc:  # a loader bug must not take the start screen down with it
        return None, f"cannot read {folder}: {exc}"
    if ruleset is None:
        return None, render_all(diags, files) or f"cannot load {folder}"
    return in_language(ruleset), ""
