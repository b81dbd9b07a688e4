"""What only the session log knows: when the session ran, the undos, the resumes, late notes.

The save holds the game; the log (JSON Lines) also holds what happened at the
table around it. A log of another game would put wrong times and notes into a
report, so it is checked against the record first.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from game.report import ReportError
from game.session.journal import JournalError, read, reconstruct
from game.session.record import Annotation, Record


@attrs.frozen
class Undo:
    """Decisions taken back at the table."""

    at: str
    count: int
    by: str


@attrs.frozen
class SessionLog:
    """The table's side of the session (empty when no log was given)."""

    path: str = ""
    started: str = ""
    ended: str = ""
    undos: tuple[Undo, ...] = ()
    resumes: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    lines: int = 0


def read_session_log(path: str | Path, record: Record) -> SessionLog:
    """Read a session log and check it belongs to ``record``; ReportError if not."""
    try:
        rebuilt = reconstruct(path)
        entries = list(read(path))
    except JournalError as exc:
        raise ReportError(f"cannot use the session log: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(
            f"{path}: the session log is damaged ({type(exc).__name__}: {exc}); "
            "make the report from the save alone"
        ) from None
    same = (rebuilt.ruleset_id, rebuilt.seed, rebuilt.seat_ids) == (
        record.ruleset_id,
        record.seed,
        record.seat_ids,
    )
    n = min(len(rebuilt.steps), len(record.steps))
    if not same or [s.action for s in rebuilt.steps[:n]] != [s.action for s in record.steps[:n]]:
        raise ReportError(
            f"{path}: this session log is of another game than the save "
            f"(log: {rebuilt.ruleset_id}, seed {rebuilt.seed}, {len(rebuilt.steps)} steps; "
            f"save: {record.ruleset_id}, seed {record.seed}, {len(record.steps)} steps); "
            "give the log written during this game, or none"
        )
    times = [str(e["at"]) for e in entries[1:] if e.get("at")]
    undos = tuple(
        Undo(str(e.get("at", "")), int(e.get("count", 0)), str(e.get("by", "")))
        for e in entries
        if e.get("kind") == "undo"
    )
    resumes = tuple(str(e.get("at", "")) for e in entries if e.get("kind") == "resume")
    return SessionLog(
        str(path),
        min(times) if times else "",
        max(times) if times else "",
        undos,
        resumes,
        rebuilt.annotations,
        len(entries),
    )
