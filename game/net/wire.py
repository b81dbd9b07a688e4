"""The wire format: views, decisions, actions and log events as JSON, and their JSON Schemas.

What the network will send is exactly what the engine gives its shells: a
seat's :class:`~game.engine.views.View` (with its :class:`Decision`), actions
and log events. This module turns them into plain JSON (:func:`to_wire`) and
writes the JSON Schemas of that JSON, generated from the engine's own attrs
classes and type hints (never written by hand), with a version that changes
whenever the shape does. The view on the wire leaves out the engine's
internal decision stack (rule objects, not data); everything a client shows
is in the other fields.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from game.engine.actions import Action, ActionKind
from game.engine.choices import Choice, Decision, DecisionKind, Refusal
from game.engine.events import LogEntry, LogKind
from game.engine.outcome import Result, Standing, Termination
from game.engine.status import InjectState, InjectStatus, ObjectiveStatus
from game.engine.views import View
from game.schema_gen import SCHEMA_BASE, SchemaBuilder, class_doc, write_json_files

WIRE_VERSION = 1
"""The version of the wire format: bump it whenever a schema below changes shape."""
LEFT_OUT: dict[type, frozenset[str]] = {View: frozenset({"stack"})}
"""Fields that stay in the engine: the decision stack holds rule objects, not data."""

Json = Any


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}
"""The wire fields of each attrs class met so far (the server converts thousands of views a
second: looking the fields up once per class keeps that cheap)."""


def _fields_of(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        skip = LEFT_OUT.get(cls, frozenset())
        names = _FIELDS[cls] = tuple(a.name for a in attrs.fields(cls) if a.name not in skip)
    return names


def to_wire(obj: Any) -> Json:
    """``obj`` (a view, a decision, an action, a log event...) as plain JSON data."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    names = _FIELDS.get(t)
    if names is not None:  # an attrs class met before: the commonest case after scalars
        return {name: to_wire(getattr(obj, name)) for name in names}
    if t is tuple or t is list:
        return [to_wire(v) for v in obj]
    if t is Action:
        return {"kind": str(obj.kind), "arg": obj.arg}
    if t is dict:
        return {str(k): to_wire(v) for k, v in obj.items()}
    if attrs.has(t):
        return {name: to_wire(getattr(obj, name)) for name in _fields_of(t)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, Mapping):
        return {str(k): to_wire(v) for k, v in obj.items()}
    if isinstance(obj, (frozenset, set)):
        return sorted(to_wire(v) for v in obj)
    if isinstance(obj, (tuple, list)):
        return [to_wire(v) for v in obj]
    if isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"no wire form for {type(obj).__name__}")


def wire_json(obj: Any) -> str:
    """The JSON text of ``obj`` with the wire version."""
    return json.dumps({"version": WIRE_VERSION, "data": to_wire(obj)}, sort_keys=True)


# -- reading it back ----------------------------------------------------------------------------
def _reader() -> Any:
    import cattrs

    from game.engine.decisions import Frame

    conv = cattrs.Converter(forbid_extra_keys=True)

    def action(obj: Any, _: Any) -> Action:
        if not isinstance(obj, dict) or set(obj) != {"kind", "arg"}:
            raise ValueError(f"an action is {{'kind', 'arg'}}, not {obj!r:.60}")
        return Action(ActionKind(obj["kind"]), str(obj["arg"]))

    def scalar(obj: Any, _: Any) -> str | int | bool:
        if not isinstance(obj, (str, int, bool)):
            raise ValueError(f"expected a string, a number or true/false, not {obj!r:.60}")
        return obj

    conv.register_structure_hook(Action, action)
    conv.register_structure_hook(str | int | bool, scalar)
    frames = tuple[Frame, ...]
    conv.register_structure_hook_func(lambda t: t == frames, lambda obj, _: ())
    return conv


_READER: Any = None


def entry_from_wire(data: Json) -> LogEntry:
    """A log event from its wire form; raises ValueError for data that is not one."""
    import cattrs

    global _READER
    if _READER is None:
        _READER = _reader()
    try:
        return _READER.structure(data, LogEntry)  # type: ignore[no-any-return]
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as e:
        raise ValueError(f"not a log event: {e}"[:300]) from None


def view_from_wire(data: Json, stack: tuple[Any, ...] = ()) -> View:
    """A :class:`View` from its wire form (``to_wire``'s inverse) with ``stack`` put back
    (see game.net.stack); raises ValueError, saying where, for data that is not a view."""
    import cattrs

    global _READER
    if _READER is None:
        _READER = _reader()
    if not isinstance(data, dict):
        raise ValueError("a view is a JSON object")
    try:
        view = _READER.structure({**data, "stack": []}, View)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as e:
        msgs = cattrs.transform_error(e) if isinstance(e, cattrs.BaseValidationError) else [str(e)]
        raise ValueError("not a view: " + "; ".join(msgs)[:300]) from None
    return attrs.evolve(view, stack=stack)  # type: ignore[no-any-return]


# -- schemas ------------------------------------------------------------------------------------
class _Schemas(SchemaBuilder):
    """The wire's schemas: an action is its kind and argument; the stack stays out."""

    def __init__(self) -> None:
        super().__init__(LEFT_OUT)

    def of(self, tp: Any) -> Json:
        return self.ref(Action) if tp is Action else super().of(tp)

    def object(self, cls: type) -> Json:
        if cls is Action:
            return {
                "type": "object",
                "description": class_doc(cls),
                "properties": {
                    "kind": {"enum": [k.value for k in ActionKind]},
                    "arg": {"type": "string"},
                },
                "required": ["kind", "arg"],
                "additionalProperties": False,
            }
        return super().object(cls)


WIRE_TYPES: dict[str, type] = {
    "view": View,
    "decision": Decision,
    "action": Action,
    "log-event": LogEntry,
}
"""The wire schemas by name: each is written as ``<name>.schema.json``."""
_ENUMS = (ActionKind, DecisionKind, LogKind, Termination, InjectState)
_CLASSES = (Choice, Refusal, Result, Standing, InjectStatus, ObjectiveStatus)


def wire_schema(name: str) -> Json:
    """The JSON Schema of one wire type: an envelope with the version and the data."""
    gen = _Schemas()
    root = gen.of(WIRE_TYPES[name])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}wire/v{WIRE_VERSION}/{name}.schema.json",
        "title": f"Near Abroad wire format v{WIRE_VERSION}: {name}",
        "description": class_doc(WIRE_TYPES[name]),
        "type": "object",
        "properties": {"version": {"const": WIRE_VERSION}, "data": root},
        "required": ["version", "data"],
        "additionalProperties": False,
        "$defs": dict(sorted(gen.defs.items())),
    }


def wire_schemas() -> dict[str, Json]:
    """Every wire schema by file name."""
    return {f"{name}.schema.json": wire_schema(name) for name in WIRE_TYPES}


def write_wire_schemas(out_dir: Path) -> list[Path]:
    """Write the wire schemas into ``out_dir/wire`` (created if needed)."""
    return write_json_files(out_dir / "wire", wire_schemas())


__all__ = [
    "WIRE_TYPES",
    "WIRE_VERSION",
    "entry_from_wire",
    "to_wire",
    "view_from_wire",
    "wire_json",
    "wire_schema",
    "wire_schemas",
    "write_wire_schemas",
]
