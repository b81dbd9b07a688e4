"""The save file's and the session log's JSON Schemas, and the check of a file against them.

A save or a session log may come from anywhere: a student's laptop, an e-mail, an
editor that changed one number. Before the game uses one it is checked against its
schema, and every problem is named where it stands (``steps[5].action: 5 is not of
type "string"``) instead of surfacing later as a traceback or a wrong game. The save's
schema is generated from the record's own classes (:class:`~game.session.record.Record`),
the log lines' from the fields the session writes; both are written to ``schema/`` by
``near-abroad schema`` for other programs.

The check runs on jsonschema-rs, a validator written in Rust: a seminar's save may hold a
hundred thousand steps, which the pure-Python validator takes seconds to walk and this
one milliseconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jsonschema_rs

from game.ruleset.limits import MAX_ID_CHARS
from game.schema_gen import SCHEMA_BASE, Json, SchemaBuilder, class_doc, write_json_files
from game.session.record import BOT_KINDS, RECORD_FORMAT, SEED_MAX, SEED_MIN, Record

MAX_PROBLEMS = 8
"""Problems named per file: enough to see what happened to it, not a wall of text."""
ID = rf"^[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_ID_CHARS - 1}}}$"
"""A scenario or seat id as the rules allow it (layers.ID_PATTERN; a save's id is never
used as a path)."""
DIGEST = {"type": "string", "pattern": "^[0-9a-f]{8,64}$"}
WHOLE = {"type": "integer", "minimum": 0, "maximum": 10**9}
TEXT = {"type": "string", "maxLength": 100_000}
BOT = "^$|^(" + "|".join(BOT_KINDS) + ")(:[A-Za-z0-9_.-]{1,64})?$"
SEED = {"type": "integer", "minimum": SEED_MIN, "maximum": SEED_MAX}


class _SaveSchemas(SchemaBuilder):
    """The record's classes: a field with a default may be left out; texts are bounded."""

    def object(self, cls: type) -> Json:
        out = super().object(cls)
        out["required"] = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
        for name, prop in out["properties"].items():
            if prop.get("type") == "string" and name != "bot":
                out["properties"][name] = {**prop, "maxLength": 100_000}
            elif prop.get("type") == "integer":
                out["properties"][name] = {**prop, **WHOLE}
        return out


def save_schema() -> Json:
    """The JSON Schema of a save file (format :data:`RECORD_FORMAT`)."""
    gen = _SaveSchemas()
    root = gen.object(Record)
    props = root["properties"]
    props["app"] = {"const": "near-abroad", "description": "What wrote the file."}
    props["format"] = {"type": "integer", "minimum": 1, "maximum": RECORD_FORMAT}
    props["ruleset_id"] = {"type": "string", "pattern": ID}
    props["seed"] = SEED
    props["seats"] = {**props["seats"], "minItems": 1, "maxItems": 64}
    props["checkpoints"] = {
        **props["checkpoints"],
        "propertyNames": {"pattern": "^(0|[1-9][0-9]{0,8})$"},
        "additionalProperties": DIGEST,
        "required": ["0"],
    }
    seat = gen.defs["SeatConfig"]["properties"]
    seat["seat"] = {"type": "string", "pattern": ID}
    seat["bot"] = {
        "type": "string",
        "pattern": BOT,
        "description": "A bot this version has: " + ", ".join(BOT_KINDS) + " (with a doctrine).",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}save/v{RECORD_FORMAT}/save.schema.json",
        "title": f"Near Abroad save file, format {RECORD_FORMAT}",
        "description": class_doc(Record),
        **root,
        "required": sorted({*root["required"], "app", "format", "checkpoints"}),
        "$defs": dict(sorted(gen.defs.items())),
    }


def _line(description: str, required: list[str], **props: Json) -> Json:
    return {
        "type": "object",
        "description": description,
        "properties": {"kind": {"type": "string"}, "at": TEXT, "by": TEXT, **props},
        "required": ["kind", *required],
    }


_STEP = _line(
    "One applied action, with the state's digest after it and the log lines it wrote.",
    ["action", "actor"],
    step=WHOLE,
    actor=TEXT,
    action=TEXT,
    turn=WHOLE,
    digest=DIGEST,
    reason=TEXT,
    text=TEXT,
    rng={"type": "object", "properties": {"seed": SEED, "counter": WHOLE}},
    log={"type": "array", "items": TEXT},
)
LOG_LINES: dict[str, Json] = {
    "session": _line(
        "The first line: which game this is.",
        ["ruleset_id", "ruleset_version", "ruleset_digest", "seed", "seats"],
        format={"type": "integer", "minimum": 1, "maximum": 1},
        ruleset_id={"type": "string", "pattern": ID},
        ruleset_version=TEXT,
        ruleset_digest=TEXT,
        seed=SEED,
        control={"type": "boolean"},
        mods={"type": "array", "items": TEXT},
        seats={"type": "array", "minItems": 1, "maxItems": 64, "items": {"type": "object"}},
    ),
    "decision": _STEP,
    "chance": _STEP,
    "override": _STEP,
    "argument": _STEP,
    "adjudication": _STEP,
    "undo": _line("Steps taken back.", ["count"], count={**WHOLE, "minimum": 1}),
    "branch": _line("The game taken back to a step, to play on from there.", ["step"], step=WHOLE),
    "annotation": _line(
        "A note on a step.",
        ["step", "author", "text"],
        step=WHOLE,
        author=TEXT,
        text=TEXT,
        tag=TEXT,
    ),
    "message": _line(
        "A team's private message to Control, or Control's to a team (a networked game).",
        ["sender", "to", "text"],
        sender=TEXT,
        to=TEXT,
        text=TEXT,
        step=WHOLE,
    ),
    "seat": _line(
        "A seat handed to a player or a bot, or back (a networked game).",
        ["seat"],
        seat=TEXT,
        player=TEXT,
    ),
    "resume": _line("The game was loaded again and went on.", [], steps=WHOLE),
    "rules": _line(
        "The rules were reloaded mid-game.",
        ["ruleset_digest", "ruleset_version"],
        steps=WHOLE,
        ruleset_digest=TEXT,
        ruleset_version=TEXT,
        mods={"type": "array", "items": TEXT},
    ),
}
"""Each kind of session-log line. Lines may carry more keys than these (later versions add
some); the ones listed must have these types."""


PATTERN_WORDS = {
    ID: "is not an id (letters, digits, '_', '.' and '-')",
    DIGEST["pattern"]: "is not a digest (hexadecimal digits)",
    BOT: "is not a bot this version has (" + ", ".join(BOT_KINDS) + ", or KIND:DOCTRINE)",
    "^(0|[1-9][0-9]{0,8})$": "is not a step number",
}
"""The schema's patterns in words, for the messages."""


def log_schema() -> Json:
    """The JSON Schema of one session-log line (a JSON Lines file: one object a line)."""
    seat = save_schema()["$defs"]["SeatConfig"]
    lines = {**LOG_LINES, "session": _with_seats(LOG_LINES["session"], seat)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}session-log/v1/session-log-line.schema.json",
        "title": "Near Abroad session log: one line",
        "description": "One line of a session log (a .jsonl file); the first is a 'session'.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(LOG_LINES)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": k}}}, "then": {"$ref": f"#/$defs/{k}"}}
            for k in sorted(lines)
        ],
        "$defs": dict(sorted(lines.items())),
    }


def _with_seats(line: Json, seat: Json) -> Json:
    """The header line's schema with each seat checked as a save's seat is."""
    props = {**line["properties"], "seats": {**line["properties"]["seats"], "items": seat}}
    return {**line, "properties": props}


def file_schemas() -> dict[str, Json]:
    """The schema files by name, as ``near-abroad schema`` writes them."""
    return {"save.schema.json": save_schema(), "session-log-line.schema.json": log_schema()}


def write_file_schemas(out_dir: Path | str) -> list[Path]:
    """Write the save's and the session log's schemas into ``out_dir``."""
    return write_json_files(Path(out_dir), file_schemas())


@functools.cache
def _validator(name: str) -> Callable[[Any], list[str]]:
    schema = file_schemas()[name]
    check = jsonschema_rs.validator_for(schema)

    def problems(data: Any) -> list[str]:
        out = []
        for err in check.iter_errors(data):
            message = err.message
            for pattern, words in PATTERN_WORDS.items():
                message = message.replace(f'does not match "{pattern}"', words)
            out.append(f"{where(list(err.instance_path))}: {message}")
            if len(out) == MAX_PROBLEMS:
                break
        return out

    return problems


def where(path: list[str | int]) -> str:
    """A place in a JSON document as a reader writes it: ``steps[5].action``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def save_problems(data: Any) -> list[str]:
    """What in a save's JSON its schema refuses, each with where it stands (at most
    :data:`MAX_PROBLEMS`; none for a save as the game writes it)."""
    return _validator("save.schema.json")(data)


def line_problems(entry: Any) -> list[str]:
    """What in one session-log line its schema refuses (none for a line the game wrote)."""
    return _validator("session-log-line.schema.json")(entry)


__all__ = [
    "LOG_LINES",
    "file_schemas",
    "line_problems",
    "log_schema",
    "save_problems",
    "where",
    "write_file_schemas",
]
