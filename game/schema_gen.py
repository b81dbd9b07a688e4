"""JSON Schemas generated from attrs classes and their type hints, never written by hand.

The wire format, the network protocol and the save file each have a schema that a
program in another language can validate against, and that the game itself checks
files against before reading them. All of them are built here from the classes the
code uses, so a schema cannot drift from what is written and read.
"""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import json
import textwrap
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

import attrs

Json = Any
SCHEMA_BASE = "https://near-abroad.example/schema/"
"""Where the schemas' ``$id``s point (each file also names its version in its path)."""


class SchemaBuilder:
    """Builds JSON Schema definitions from attrs classes and their type hints; a subclass
    overrides :meth:`object` for a class whose JSON is not its fields."""

    def __init__(self, left_out: Mapping[type, frozenset[str]] | None = None) -> None:
        self.defs: dict[str, Json] = {}
        self.left_out = left_out or {}

    def of(self, tp: Any) -> Json:
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            args = typing.get_args(tp)
            inner = [self.of(a) for a in args if a is not type(None)]
            if type(None) in args:
                inner.append({"type": "null"})
            return inner[0] if len(inner) == 1 else {"anyOf": inner}
        if origin is typing.Literal:
            return {"enum": list(typing.get_args(tp))}
        if origin in (tuple,):
            args = typing.get_args(tp)
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.of(args[0])}
            return {"type": "array", "prefixItems": [self.of(a) for a in args], "items": False}
        if origin in (frozenset, set, list):
            (item,) = typing.get_args(tp)
            return {"type": "array", "items": self.of(item)}
        if origin in (dict, Mapping) or tp in (dict, Mapping):
            args = typing.get_args(tp)
            value = self.of(args[1]) if args else {}
            return {"type": "object", "additionalProperties": value}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if attrs.has(tp):
            return self.ref(tp)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is Any or tp is object:
            return {}
        raise TypeError(f"no JSON Schema for {tp!r}")  # a new kind of field: teach it here

    def ref(self, cls: type) -> Json:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder first: classes may refer to each other
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> Json:
        hints = typing.get_type_hints(cls)
        docs = field_docs(cls)
        skip = self.left_out.get(cls, frozenset())
        props = {}
        for a in attrs.fields(cls):
            if a.name in skip:
                continue
            prop = self.of(hints[a.name])
            if docs.get(a.name):
                prop = {**prop, "description": docs[a.name]}
            props[a.name] = prop
        return {
            "type": "object",
            "description": class_doc(cls),
            "properties": props,
            "required": list(props),
            "additionalProperties": False,
        }


def class_doc(cls: type) -> str:
    """The first paragraph of a class's docstring."""
    return inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0]


def field_docs(cls: type) -> dict[str, str]:
    """Each attribute's docstring (the string right under it in the class body)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out = {}
    for node, nxt in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            out[node.target.id] = " ".join(nxt.value.value.split())
    return out


def write_json_files(folder: Path, documents: Mapping[str, Json]) -> list[Path]:
    """Write each document as ``folder/name`` (created if needed), in the one layout every
    generated schema file has, so a fresh write can be compared with the committed one."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in documents.items():
        path = folder / name
        text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


__all__ = ["SCHEMA_BASE", "Json", "SchemaBuilder", "class_doc", "field_docs", "write_json_files"]
