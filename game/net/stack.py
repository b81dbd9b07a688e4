"""The decision stack on the wire: frames as JSON, rule objects named by where they stand.

The wire view (:mod:`game.net.wire`) leaves the stack out because its frames
hold rule objects: a :class:`~game.engine.decisions.Run` holds a tuple of
effects from the ruleset, a :class:`~game.engine.decisions.ChooseOption` holds
``(key, Option)`` pairs. A remote bot needs the stack all the same, to rebuild a
State from its view (:func:`game.engine.start.state_from_view`), and the stack
is public: every seat watched it happen. Both ends load the same rules, so a
rule object travels as a *reference*, its path in the ruleset
(``["cards", "caspian_flotilla", "event"]``), and comes back as the very same
object from the receiver's rules: frames compare equal and effects stay shared.

The paths come from one generic walk of the loaded ruleset (attrs fields,
mappings, sequences), never from a list of where effects live, so new kinds of
rules keep working. Received data is checked as it is read: anything malformed
raises :class:`ValueError` saying what and where, never another exception.
"""

from __future__ import annotations

import reprlib
import typing
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from game.engine.decisions import PRIVATE_OPTION, Ctx, Frame, Run
from game.ruleset.effects import EFFECT_NAMES, Effect, Option
from game.ruleset.model import Ruleset

Json = Any
Segment = str | int
RulePath = tuple[Segment, ...]

MAX_DEPTH = 64
"""The deepest path walked or read: rules nest a few levels, hostile data may nest forever."""
_CACHE_SIZE = 8
_EFFECT_TYPES = tuple(EFFECT_NAMES)


# -- where every rule object stands ---------------------------------------------------------
def _children(obj: object) -> Iterator[tuple[Segment, object]] | None:
    """The parts of a rule object with their path segments (None: a leaf, never referenced).

    Fields with ``eq=False`` are skipped: they are bookkeeping (file positions, compiled code,
    the digest), not what a rule says, so no rule object the engine uses lives there."""
    cls = type(obj)
    if attrs.has(cls):
        return ((a.name, getattr(obj, a.name)) for a in attrs.fields(cls) if a.eq)
    if isinstance(obj, Mapping):
        return ((k, v) for k, v in obj.items() if isinstance(k, str))
    if isinstance(obj, (tuple, list)):
        return iter(enumerate(obj))
    return None


def _walk(rules: Ruleset) -> dict[int, RulePath]:
    """``id()`` of every container and attrs object in ``rules`` -> its shortest path.

    Breadth first, so a shared object (a default amount, the empty tuple) gets one short path;
    the ids stay valid because the cache keeps ``rules`` alive."""
    paths: dict[int, RulePath] = {id(rules): ()}
    queue: deque[tuple[object, RulePath]] = deque([(rules, ())])
    while queue:
        obj, path = queue.popleft()
        parts = _children(obj)
        if parts is None or len(path) >= MAX_DEPTH:
            continue
        for seg, child in parts:
            if id(child) not in paths and _children(child) is not None:
                paths[id(child)] = (*path, seg)
                queue.append((child, (*path, seg)))
    return paths


_INDEXES: dict[int, tuple[Ruleset, dict[int, RulePath]]] = {}


def _index(rules: Ruleset) -> dict[int, RulePath]:
    """The paths of ``rules``, walked once per ruleset (checked by identity; a few kept)."""
    hit = _INDEXES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    if len(_INDEXES) >= _CACHE_SIZE:
        del _INDEXES[next(iter(_INDEXES))]
    paths = _walk(rules)
    _INDEXES[id(rules)] = (rules, paths)
    return paths


def _show(path: Json) -> str:
    """A path (or any received value) for a message: short, even for deeply nested data."""
    if not isinstance(path, list):
        return reprlib.repr(path)
    return ".".join(s if isinstance(s, str) else reprlib.repr(s) for s in path)


def _resolve(rules: Ruleset, path: Json, where: str) -> object:
    """The rule object at ``path``, stepping only where the walk steps."""
    if not isinstance(path, list) or len(path) > MAX_DEPTH:
        raise ValueError(f"{where}: a path is a list of at most {MAX_DEPTH} keys and indexes")
    obj: object = rules
    for seg in path:
        cls = type(obj)
        if attrs.has(cls):
            field = attrs.fields_dict(cls).get(seg) if isinstance(seg, str) else None
            ok = field is not None and field.eq
            obj = getattr(obj, seg) if ok else None
        elif isinstance(obj, Mapping):
            ok = isinstance(seg, str) and seg in obj
            obj = obj[seg] if ok else None
        elif isinstance(obj, (tuple, list)):
            ok = type(seg) is int and 0 <= seg < len(obj)
            obj = obj[seg] if ok else None
        else:
            ok = False
        if not ok:
            raise ValueError(f"{where}: no rule object at {_show(path)}")
    return obj


def _ref(obj: object, paths: dict[int, RulePath], what: str, where: str) -> list[Segment]:
    path = paths.get(id(obj))
    if path is None:
        raise ValueError(f"{where}: the {what} {reprlib.repr(obj)} is not in the rules")
    return list(path)


def _pick(rules: Ruleset, path: Json, kind: type | tuple[type, ...], what: str, at: str) -> Any:
    obj = _resolve(rules, path, at)
    if not isinstance(obj, kind):
        raise ValueError(f"{at}: {_show(path)} is a {type(obj).__name__}, not {what}")
    return obj


# -- one field of a frame -------------------------------------------------------------------
Encode = Callable[[Any, dict[int, RulePath], str], Json]
Decode = Callable[[Json, Ruleset, str], Any]


def _effects_out(effects: tuple[Effect, ...], paths: dict[int, RulePath], where: str) -> Json:
    """The tuple by its path; a tuple the engine built itself, effect by effect."""
    if id(effects) in paths:
        return {"ref": list(paths[id(effects)])}
    return {"each": [_ref(e, paths, "effect", f"{where}[{i}]") for i, e in enumerate(effects)]}


def _effects_in(data: Json, rules: Ruleset, where: str) -> tuple[Effect, ...]:
    if isinstance(data, dict) and data.keys() == {"ref"}:
        effects = _pick(rules, data["ref"], tuple, "a tuple of effects", where)
        if not all(isinstance(e, _EFFECT_TYPES) for e in effects):
            raise ValueError(f"{where}: {_show(data['ref'])} is not a tuple of effects")
        return typing.cast(tuple[Effect, ...], effects)
    if isinstance(data, dict) and data.keys() == {"each"} and isinstance(data["each"], list):
        return tuple(
            _pick(rules, p, _EFFECT_TYPES, "an effect", f"{where}[{i}]")
            for i, p in enumerate(data["each"])
        )
    raise ValueError(f'{where}: effects are {{"ref": path}} or {{"each": [path, ...]}}')


def _options_out(pairs: tuple[tuple[str, Any], ...], paths: dict[int, RulePath], at: str) -> Json:
    """[key, path] pairs; [key, null] for the blank option of a choice the viewer may not see
    (game.engine.views.stack_for), which is in no ruleset."""
    return [
        [k, None if o is PRIVATE_OPTION else _ref(o, paths, "option", f"{at}[{i}]")]
        for i, (k, o) in enumerate(pairs)
    ]


def _options_in(data: Json, rules: Ruleset, where: str) -> tuple[tuple[str, Option], ...]:
    if not isinstance(data, list):
        raise ValueError(f"{where}: options are a list of [key, path] pairs")
    out = []
    for i, pair in enumerate(data):
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise ValueError(f"{where}[{i}]: an option is a [key, path or null] pair")
        if pair[1] is None:
            out.append((pair[0], PRIVATE_OPTION))
            continue
        out.append((pair[0], _pick(rules, pair[1], Option, "an option", f"{where}[{i}]")))
    return tuple(out)


def _strings(v: Json) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _plain(check: Callable[[Json], bool], what: str) -> tuple[Encode, Decode]:
    def decode(data: Json, rules: Ruleset, where: str) -> Any:
        if not check(data):
            raise ValueError(f"{where}: expected {what}, got {type(data).__name__}")
        return tuple(data) if isinstance(data, list) else data

    return (lambda v, paths, where: list(v) if isinstance(v, tuple) else v), decode


_CODECS: list[tuple[object, tuple[Encode, Decode]]] = [
    (str, _plain(lambda v: isinstance(v, str), "a string")),
    (int, _plain(lambda v: type(v) is int, "an integer")),
    (bool, _plain(lambda v: type(v) is bool, "true or false")),
    (str | None, _plain(lambda v: v is None or isinstance(v, str), "a string or null")),
    (tuple[str, ...], _plain(_strings, "a list of strings")),
    (tuple[Effect, ...], (_effects_out, _effects_in)),
    (tuple[tuple[str, Any], ...], (_options_out, _options_in)),
]
"""Codecs by field type: plain data as itself, rule objects by reference."""


# -- whole objects: frames and their contexts ------------------------------------------------
class _Shape:
    """How one attrs class of the stack goes to JSON and back: a codec per field."""

    def __init__(self, cls: type, tag: bool) -> None:
        self.cls, self.tag = cls, tag
        hints = typing.get_type_hints(cls)
        self.fields: dict[str, tuple[Encode, Decode]] = {}
        for a in attrs.fields(cls):
            hint = hints[a.name]
            if hint is Ctx:
                self.fields[a.name] = (_CTX.encode, _CTX.decode)
                continue
            codec = next((c for t, c in _CODECS if t == hint), None)
            if codec is None:  # a new kind of field in a frame: teach it in _CODECS
                raise TypeError(f"no wire form for {cls.__name__}.{a.name}: {hint}")
            self.fields[a.name] = codec
        self.keys = {*self.fields, "frame"} if tag else set(self.fields)

    def encode(self, obj: Any, paths: dict[int, RulePath], where: str) -> dict[str, Json]:
        out: dict[str, Json] = {"frame": self.cls.__name__} if self.tag else {}
        for name, (enc, _) in self.fields.items():
            out[name] = enc(getattr(obj, name), paths, f"{where}.{name}")
        return out

    def decode(self, data: Json, rules: Ruleset, where: str) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
        if data.keys() != self.keys:
            extra = ", ".join(sorted(map(reprlib.repr, data.keys() - self.keys))) or "none"
            missing = ", ".join(sorted(self.keys - data.keys())) or "none"
            raise ValueError(
                f"{where}: {self.cls.__name__} has extra keys {extra}; missing {missing}"
            )
        values = {n: dec(data[n], rules, f"{where}.{n}") for n, (_, dec) in self.fields.items()}
        return self.cls(**values)


_CTX = _Shape(Ctx, tag=False)
_FRAMES = {cls.__name__: _Shape(cls, tag=True) for cls in typing.get_args(Frame)}


def stack_to_wire(stack: tuple[Frame, ...], rules: Ruleset) -> list[dict[str, Json]]:
    """The stack as plain JSON data, each frame tagged ``"frame": <class name>``; rule objects
    by their path in ``rules``. Raises ValueError for a rule object ``rules`` does not hold."""
    paths = _index(rules)
    out = []
    for i, frame in enumerate(stack):
        shape = _FRAMES.get(type(frame).__name__)
        if shape is None or shape.cls is not type(frame):
            raise ValueError(f"stack[{i}]: {type(frame).__name__} is not a frame")
        out.append(shape.encode(frame, paths, f"stack[{i}]"))
    return out


def stack_from_wire(data: Json, rules: Ruleset) -> tuple[Frame, ...]:
    """The frames of :func:`stack_to_wire`'s data, rule objects taken from ``rules`` itself.
    Raises ValueError, saying what and where, for anything that is not such data."""
    if not isinstance(data, list):
        raise ValueError(f"stack: expected a list of frames, got {type(data).__name__}")
    frames: list[Frame] = []
    for i, item in enumerate(data):
        where = f"stack[{i}]"
        tag = item.get("frame") if isinstance(item, dict) else None
        if not isinstance(tag, str) or tag not in _FRAMES:
            raise ValueError(f"{where}: not a frame ('frame' is {reprlib.repr(tag)})")
        frame = _FRAMES[tag].decode(item, rules, where)
        if isinstance(frame, Run) and not 0 <= frame.index <= len(frame.effects):
            n = len(frame.effects)
            raise ValueError(f"{where}.index: {frame.index} is outside 0..{n}, its effects")
        frames.append(frame)
    return tuple(frames)


__all__ = ["MAX_DEPTH", "stack_from_wire", "stack_to_wire"]
