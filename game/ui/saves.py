"""Finding the rules a save file needs: its scenario folder and its mods.

A save names its scenario by id and its mods as 'id version'. Opening it (to
play on or to replay) means finding that scenario's folder, the mods by id
among the known ones, and loading the rules they make. Each failure is a
message for the start screen, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from game.ruleset.model import Ruleset
from game.session import storage
from game.session.record import Record
from game.ui.mods_list import for_record, missing_text
from game.ui.scenarios import RULES_DIR, load_rules


@attrs.frozen
class OpenedSave:
    """A save file with the rules it was played under."""

    record: Record
    rules: Ruleset
    folder: str
    """The scenario folder the rules came from."""
    mods: list[str]
    """The mod folders loaded for it, in load order."""


def scenario_for(ruleset_id: str, preferred: str | None, current: str) -> str:
    """The folder of scenario ``ruleset_id``: the one asked for or in use if it is that
    scenario, else the shipped one of that name, else the preferred (to fail with its name)."""
    for folder in (preferred, current):
        if folder and Path(folder).name == ruleset_id:
            return folder
    shipped = RULES_DIR / ruleset_id
    return str(shipped) if shipped.is_dir() else (preferred or current)


def open_save(
    path: str, preferred: str | None, current: str, known_mods: Sequence[str]
) -> OpenedSave | str:
    """The save at ``path`` with its rules, or a message saying why it cannot be opened.

    The save's own mods are loaded, found by id among ``known_mods``; active
    mods the save was not played with are left out.
    """
    try:
        record = storage.load(path)
    except storage.SaveError as exc:
        return str(exc)
    folder = scenario_for(record.ruleset_id, preferred, current)
    mods, missing = for_record(record.mods, record.ruleset_id, known_mods)
    if missing:
        return missing_text(missing)
    rules, problem = load_rules(folder, mods)
    if rules is None:
        why = problem.splitlines()[0] if problem else folder
        return f"The save is a game of '{record.ruleset_id}', whose rules cannot be loaded: {why}"
    return OpenedSave(record, rules, folder, list(mods))
