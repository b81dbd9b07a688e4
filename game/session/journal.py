"""The session log: one append-only JSON Lines file of everything that happened at the table.

Every decision, roll (with the generator state that produced it), inject,
Control override with its reason, matrix argument, undo, annotation and rules
reload is one line, written as it happens and never rewritten. An after-action review reads
it; :func:`reconstruct` rebuilds the game's record from it alone, so the log
and the save file each reconstruct the session exactly.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from game.session.record import Annotation, Record, SeatConfig, Step, make_converter

JOURNAL_FORMAT = 1


class JournalError(Exception):
    """A journal that cannot be read back; the message names the line."""


class Journal:
    """Appends entries to a .jsonl file, flushing each to disk before returning."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())


def header(record: Record) -> dict[str, Any]:
    """The first line of a journal: which game this is."""
    conv = make_converter()
    return {
        "kind": "session",
        "format": JOURNAL_FORMAT,
        "ruleset_id": record.ruleset_id,
        "ruleset_version": record.ruleset_version,
        "ruleset_digest": record.ruleset_digest,
        "seed": record.seed,
        "control": record.control,
        "mods": list(record.mods),
        "seats": [conv.unstructure(s) for s in record.seats],
    }


def read(path: str | Path) -> Iterator[dict[str, Any]]:
    """The entries of a journal, in order; raises JournalError naming a bad line."""
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise JournalError(
                        f"{path}:{n}: not a JSON line ({exc.msg}); the log was cut or edited"
                    ) from None
                if not isinstance(entry, dict) or "kind" not in entry:
                    raise JournalError(f"{path}:{n}: not a journal entry")
                yield entry
    except OSError as exc:
        raise JournalError(f"{path}: cannot read the session log: {exc.strerror}") from None


def reconstruct(path: str | Path) -> Record:
    """The game's record rebuilt from the journal alone (undos applied, annotations kept)."""
    entries = list(read(path))
    if not entries or entries[0].get("kind") != "session":
        raise JournalError(f"{path}:1: the log does not start with a session header")
    h = entries[0]
    conv = make_converter()
    steps: list[Step] = []
    notes: list[Annotation] = []
    rules = {k: h[k] for k in ("ruleset_digest", "ruleset_version")}
    mods = tuple(h.get("mods", ()))
    for e in entries[1:]:
        kind = e["kind"]
        if kind == "rules":  # a hot reload: the game went on under these rules
            rules = {k: e[k] for k in ("ruleset_digest", "ruleset_version")}
            mods = tuple(e.get("mods", ()))
        if kind in ("decision", "chance", "override", "argument", "adjudication"):
            steps.append(
                Step(
                    e["action"], e["actor"], e.get("at", ""), e.get("reason", ""), e.get("text", "")
                )
            )
        elif kind == "undo":
            del steps[len(steps) - int(e["count"]) :]
        elif kind == "branch":
            del steps[int(e["step"]) :]
        elif kind == "annotation":
            notes.append(
                Annotation(
                    int(e["step"]), e["author"], e["text"], e.get("at", ""), e.get("tag", "")
                )
            )
    record = Record(
        h["ruleset_id"],
        rules["ruleset_version"],
        rules["ruleset_digest"],
        h["seed"],
        tuple(conv.structure(s, SeatConfig) for s in h["seats"]),
        tuple(steps),
        {},
        tuple(notes),
        control=bool(h.get("control")),
        mods=mods,
    )
    return attrs.evolve(record, checkpoints={})


def kind_of(step: Step, intervention: bool) -> str:
    """The journal kind of a recorded step."""
    if intervention:
        return "override"
    if step.actor == "chance":
        return "chance"
    if step.action.startswith("argue "):
        return "argument"
    if step.actor == "control":
        return "adjudication"
    return "decision"
