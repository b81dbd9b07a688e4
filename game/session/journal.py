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
import cattrs

from game.session.file_schemas import line_problems
from game.session.record import Annotation, Record, SeatConfig, Step, make_converter

JOURNAL_FORMAT = 1


class JournalError(ValueError):
    """A journal that cannot be read back; the message names the line."""


class Journal:
    """Appends entries to a .jsonl file, flushing each to disk before returning."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, entry: dict[str, Any]) -> None:
        self.append_many([entry])

    def append_many(self, entries: list[dict[str, Any]]) -> None:
        """Append entries in one write and one flush to disk (a new log of a long game
        holds its whole history: an fsync per line took minutes)."""
        text = "".join(
            json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in entries
        )
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(text)
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


def existing_log(folder: Path, record: Record) -> Path | None:
    """The session log in ``folder`` that is this game's (same scenario, seed, seats and
    Control; its steps a prefix of the record's), so a resumed game goes on in its own log
    instead of starting another that holds the whole history again."""
    if not folder.is_dir():
        return None
    want = header(record)
    for path in sorted(folder.glob(f"{record.ruleset_id}-*.jsonl")):
        try:
            with open(path, encoding="utf-8") as fh:
                first = json.loads(fh.readline() or "{}")
            if any(first.get(k) != want[k] for k in ("ruleset_id", "seed", "seats", "control")):
                continue
            steps = reconstruct(path).steps
        except (OSError, ValueError, JournalError):
            continue
        if record.steps[: len(steps)] == steps:
            return path
    return None


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
                problems = line_problems(entry)
                if problems:
                    raise JournalError(
                        "\n".join(f"{path}:{n}: {p}" for p in problems)
                        + "\n  (the log was edited or damaged; schema/session-log-line.schema.json"
                        " says what each line holds)"
                    )
                yield entry
    except OSError as exc:
        raise JournalError(f"{path}: cannot read the session log: {exc.strerror}") from None


def reconstruct(path: str | Path) -> Record:
    """The game's record rebuilt from the journal alone (undos applied, annotations kept);
    raises JournalError naming the line of anything no session log written by the game
    holds (a number where text belongs, an undo of more steps than there are...)."""
    entries = list(read(path))
    if not entries or entries[0].get("kind") != "session":
        raise JournalError(f"{path}:1: the log does not start with a session header")
    n = 1
    try:
        return _rebuild(entries, path)
    except _Bad as exc:
        n, why = exc.args
        raise JournalError(f"{path}:{n}: {why}; the log was edited or damaged") from None
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
        raise JournalError(f"{path}:{n}: damaged ({exc}); the log was edited") from None
    except cattrs.BaseValidationError as exc:
        why = "; ".join(cattrs.transform_error(exc))
        raise JournalError(f"{path}:{n}: damaged ({why}); the log was edited") from None


class _Bad(Exception):
    """(line, what is wrong)"""


def _text(e: dict[str, Any], key: str, n: int, default: str | None = None) -> str:
    value = e.get(key, default)
    if not isinstance(value, str):
        raise _Bad(n, f"'{key}' must be text, not {value!r:.40}")
    return value


def _whole(e: dict[str, Any], key: str, n: int, low: int, high: int) -> int:
    value = e.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _Bad(n, f"'{key}' must be a whole number from {low} to {high}, not {value!r:.40}")
    return value


def _rebuild(entries: list[dict[str, Any]], path: str | Path) -> Record:
    h = entries[0]
    conv = make_converter()
    steps: list[Step] = []
    notes: list[Annotation] = []
    checks: dict[int, str] = {}
    """The digest each step's line recorded: replay checks the game against them."""
    rules = {k: _text(h, k, 1) for k in ("ruleset_digest", "ruleset_version")}
    mods = tuple(h.get("mods", ()))
    seed = h.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise _Bad(1, f"the seed must be a whole number, not {seed!r:.40}")
    ruleset_id = _text(h, "ruleset_id", 1)
    for n, e in enumerate(entries[1:], start=2):
        kind = e["kind"]
        if kind == "rules":  # a hot reload: the game went on under these rules
            rules = {k: _text(e, k, n) for k in ("ruleset_digest", "ruleset_version")}
            mods = tuple(e.get("mods", ()))
            checks = {}  # the earlier digests were of the game under the earlier rules
        if kind in ("decision", "chance", "override", "argument", "adjudication"):
            if "digest" in e:
                checks[len(steps) + 1] = _text(e, "digest", n)
            steps.append(
                Step(
                    _text(e, "action", n),
                    _text(e, "actor", n),
                    _text(e, "at", n, ""),
                    _text(e, "reason", n, ""),
                    _text(e, "text", n, ""),
                )
            )
        elif kind == "undo":
            del steps[len(steps) - _whole(e, "count", n, 1, len(steps)) :]
        elif kind == "branch":
            del steps[_whole(e, "step", n, 0, len(steps)) :]
        if kind in ("undo", "branch"):
            checks = {k: v for k, v in checks.items() if k <= len(steps)}
        elif kind == "annotation":
            notes.append(
                Annotation(
                    _whole(e, "step", n, 0, 10**9),
                    _text(e, "author", n),
                    _text(e, "text", n),
                    _text(e, "at", n, ""),
                    _text(e, "tag", n, ""),
                )
            )
    record = Record(
        ruleset_id,
        rules["ruleset_version"],
        rules["ruleset_digest"],
        seed,
        tuple(conv.structure(s, SeatConfig) for s in h["seats"]),
        tuple(steps),
        {},
        tuple(notes),
        control=bool(h.get("control")),
        mods=mods,
    )
    return attrs.evolve(record, checkpoints=checks)


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
