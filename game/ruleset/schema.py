"""JSON Schemas of the rule files, generated from the attrs model (never written by hand).

The model is the one truth about the rules format: the loader structures YAML
by walking it, and this module walks the same classes, type hints and markers
(``Ref``, ``ExprOf``, ``Pattern``) to describe the format for editors. A field
added to the model therefore appears in the schema with its documentation the
next time ``near-abroad schema`` runs, and a test keeps the committed copies in
step. The schema accepts what the loader accepts, shape for shape; what only the
whole rule set can tell (unknown ids, ranges, expressions) stays the loader's.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Union

import attrs

from game.ruleset.convert import hints, yaml_key
from game.ruleset.effects import EFFECTS, Effect
from game.ruleset.expr import Expr
from game.ruleset.model import COLLECTIONS, FORMAT_VERSION, Manifest
from game.ruleset.mods import ModInfo
from game.ruleset.types import ExprOf, Pattern, Ref

Schema = dict[str, Any]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCENARIO_FILE = "scenario.schema.json"
RULES_FILE = "rules.schema.json"
MOD_FILE = "mod.schema.json"
MOD_RULES_FILE = "mod-rules.schema.json"

_SCALARS: dict[Any, Schema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
}


class _Generator:
    """Builds one schema document; every attrs class becomes a named entry of ``$defs``.

    Named definitions keep the documents small (an effect appears once, however
    many lists hold effects) and give editors readable names in their messages.
    """

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def of(self, tp: Any) -> Schema:
        """The schema of a type hint of the model."""
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return self._annotated(tp)
        if origin in (Union, types.UnionType):
            if tp == Effect:
                return self._effect_ref()
            args = typing.get_args(tp)
            inner = [a for a in args if a is not type(None)]
            schemas = [self.of(a) for a in inner]
            if type(None) in args:
                schemas.append({"type": "null"})
            return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        if origin is typing.Literal:
            return {"enum": list(typing.get_args(tp))}
        if origin is tuple:
            item, _ellipsis = typing.get_args(tp)
            return {"type": "array", "items": self.of(item)}
        if origin is dict:
            _key, value = typing.get_args(tp)
            return {"type": "object", "additionalProperties": self.of(value)}
        if attrs.has(tp):
            return self.ref(tp)
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        raise TypeError(f"no JSON Schema for {tp!r}")  # a new kind of field: teach it here

    def _annotated(self, tp: Any) -> Schema:
        base, *markers = typing.get_args(tp)
        for m in markers:
            if isinstance(m, ExprOf):
                # The loader takes a plain number (or true/false) as a constant expression.
                literal = "integer" if m.type == "int" else "boolean"
                return {"type": [literal, "string"]}
        out = self.of(base)
        for m in markers:
            if isinstance(m, Pattern):
                out.update(pattern=m.regex, examples=[m.example])
            elif isinstance(m, Ref):
                words = "".join(f" or `{w}`" for w in m.special)
                article = "an" if m.kind[0] in "aeiou" else "a"
                out["$comment"] = f"the id of {article} {m.kind}{words}"
        return out

    def ref(self, cls: type) -> Schema:
        """A ``$ref`` to the class's definition, generating it on first use."""
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve first: a class may contain itself (If holds effects)
            self.defs[name] = self._object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, cls: type) -> Schema:
        props: dict[str, Schema] = {}
        required: list[str] = []
        for a in attrs.fields(cls):
            key = yaml_key(a)
            prop = self.of(hints(cls)[a.name])
            doc = a.metadata.get("doc")
            if doc:
                prop["description"] = doc
            if a.default is attrs.NOTHING:
                required.append(key)
            else:
                default = _default(a.default)
                if default is not _NO_DEFAULT:
                    prop["default"] = default
            props[key] = prop
        out: Schema = {
            "type": "object",
            "title": cls.__name__,
            "properties": props,
            "additionalProperties": False,
        }
        if cls.__doc__:
            out["description"] = _doc(cls)
        if required:
            out["required"] = required
        return out

    def patch_ref(self, cls: type) -> Schema:
        """A ``$ref`` to what a mod's ``patch:`` of a ``cls`` may hold: any of its fields (none
        required), a list field also as ``{append: [...], remove: [...]}``, a mapping field
        also as ``{remove: [keys]}``, a nested object as a patch of it (deep merge)."""
        name = f"{cls.__name__}Patch"
        if name not in self.defs:
            self.defs[name] = {}
            props: dict[str, Schema] = {}
            for a in attrs.fields(cls):
                tp = hints(cls)[a.name]
                prop = self._patch_field(tp)
                doc = a.metadata.get("doc")
                if doc:
                    prop["description"] = doc
                props[yaml_key(a)] = prop
            props["remove"] = _field_removal(cls)
            self.defs[name] = {
                "type": "object",
                "title": name,
                "description": f"Changes to {_article(cls.__name__)}, deep-merged into it "
                "(lists are replaced unless written {append: [...]} or {remove: [...]}; "
                "remove: [key] deletes keys of a mapping, beside keys to add or change).",
                "properties": props,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}

    def _patch_field(self, tp: Any) -> Schema:
        full = self.of(tp)
        bare = _bare(tp)
        origin = typing.get_origin(bare)
        if origin is tuple:
            ops = {
                "type": "object",
                "properties": {"append": full, "remove": {"anyOf": [full, full["items"]]}},
                "additionalProperties": False,
                "minProperties": 1,
            }
            return {"anyOf": [full, ops]}
        if origin is dict:
            # A patch of a free-form mapping (doctrine weights, options...): keys to add or
            # change (a value that is a mapping is deep-merged), and `remove:` beside them
            # naming keys to delete. No such mapping holds a list or a string, so `remove:`
            # with one is always the operation (see game.ruleset.layers.KEY_REMOVAL).
            value = self._patch_field(typing.get_args(bare)[1])
            return {
                "type": "object",
                "properties": {"remove": {"anyOf": [_KEYS, value]}},  # or a key named so
                "additionalProperties": value,
            }
        if attrs.has(bare) and bare is not Expr:
            return self.patch_ref(bare)
        return full

    def _effect_ref(self) -> Schema:
        if "Effect" not in self.defs:
            self.defs["Effect"] = {}
            self.defs["Effect"] = {
                "description": "One effect: a mapping with a single key naming its kind.",
                "oneOf": [self._effect_kind(name, cls) for name, cls in EFFECTS.items()],
            }
        return {"$ref": "#/$defs/Effect"}

    def _effect_kind(self, name: str, cls: type) -> Schema:
        body = self.ref(cls)
        required = [a for a in attrs.fields(cls) if a.default is attrs.NOTHING]
        if len(required) == 1:
            # `set_flag: truce` is short for `set_flag: {flag: truce}`; the loader takes the
            # shorthand for a scalar value only, so a list or mapping field has none.
            short = self.of(hints(cls)[required[0].name])
            if "$ref" not in short and short.get("type") not in ("object", "array"):
                body = {"anyOf": [body, short]}
        return {
            "type": "object",
            "title": name,
            "description": _doc(cls),
            "properties": {name: body},
            "required": [name],
            "additionalProperties": False,
        }


_KEYS: Schema = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
"""What `remove:` in a patch of a mapping takes: the keys to delete (one, or a list)."""


def _field_removal(cls: type) -> Schema:
    """`remove:` in a patch of an object: optional fields to delete (they take their default
    again); a required field cannot be removed, only changed."""
    optional = [yaml_key(a) for a in attrs.fields(cls) if a.default is not attrs.NOTHING]
    name: Schema = {"enum": optional} if optional else {"not": {}}
    return {
        "description": "Optional fields to delete: they take their default again.",
        "anyOf": [{"type": "array", "items": name}, name],
    }


def _bare(tp: Any) -> Any:
    """A type hint without Annotated markers and without ``| None``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            inner = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(inner) != 1:
                return tp
            tp = inner[0]
        else:
            return tp


def _article(name: str) -> str:
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


_NO_DEFAULT = object()


def _default(value: Any) -> Any:
    """A field default as JSON, or ``_NO_DEFAULT`` when it has no plain JSON form."""
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        if value.takes_self:
            return _NO_DEFAULT
        value = value.factory()
    if isinstance(value, Expr):
        return int(value.text) if value.text.lstrip("-").isdigit() else value.text
    if isinstance(value, tuple) and not value:
        return []
    if isinstance(value, dict) and not value:
        return {}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _NO_DEFAULT


def _doc(cls: type) -> str:
    """The first paragraph of a class docstring, on one line."""
    text = (cls.__doc__ or "").strip().split("\n\n", 1)[0]
    return " ".join(text.split())


def _document(title: str, what: str, file: str, body: Schema, gen: _Generator) -> Schema:
    return {
        "$schema": DRAFT,
        "$id": file,
        "title": title,
        "description": f"{what} (rules format {FORMAT_VERSION}). Generated from the model "
        "by `near-abroad schema`: do not edit.",
        **body,
        "$defs": gen.defs,
    }


def scenario_schema() -> Schema:
    """The schema of ``scenario.yaml``, the manifest."""
    gen = _Generator()
    gen.ref(Manifest)
    body = {k: v for k, v in gen.defs.pop("Manifest").items() if k not in ("title", "description")}
    what = "scenario.yaml: what the scenario is and how its turns run"
    return _document("Near Abroad scenario manifest", what, SCENARIO_FILE, body, gen)


def _template_variant(gen: _Generator, cls: type) -> Schema:
    """An entry that uses templates: `abstract: true` or `inherits: id`, fields optional."""
    gen.ref(cls)
    full = gen.defs[cls.__name__]
    name = f"{cls.__name__}Template"
    if name not in gen.defs:
        # An inheriting entry is merged over its template: its fields are written as a patch
        # (a list field may take {append: [...]} to add to the template's list).
        props = {}
        for a in attrs.fields(cls):
            prop = gen._patch_field(hints(cls)[a.name])
            prop.update({k: v for k, v in full["properties"][yaml_key(a)].items()
                         if k in ("description", "default")})  # fmt: skip
            props[yaml_key(a)] = prop
        props["remove"] = {
            "description": "Fields of the template to delete in this entry (an inheriting "
            "entry is merged over its template like a patch).",
            "anyOf": [{"type": "array", "items": {"enum": list(props)}}, {"enum": list(props)}],
        }
        props["abstract"] = {
            "type": "boolean",
            "description": "A template: not an entry itself; other entries inherit its fields.",
        }
        props["inherits"] = {
            "type": "string",
            "description": "The id of the template (in the "
            "same collection) whose fields this entry starts from.",
        }
        gen.defs[name] = {
            "type": "object",
            "title": name,
            "properties": props,
            "additionalProperties": False,
            "anyOf": [{"required": ["abstract"]}, {"required": ["inherits"]}],
            "description": f"{cls.__name__} written with a template.",
        }
    return {"$ref": f"#/$defs/{name}"}


def _when(key: str, then: Schema, otherwise: Schema) -> Schema:
    """if/then/else on a key being present: errors then come from the branch that applies."""
    return {"if": {"required": [key]}, "then": then, "else": otherwise}


def _collections(gen: _Generator, mod: bool) -> dict[str, Schema]:
    props: dict[str, Schema] = {}
    for name, cls in COLLECTIONS.items():
        entry: Schema = {
            "if": {"anyOf": [{"required": ["abstract"]}, {"required": ["inherits"]}]},
            "then": _template_variant(gen, cls),
            "else": gen.ref(cls),
        }
        if mod:
            patch = {
                "type": "object",
                "additionalProperties": False,
                "properties": {"patch": gen.patch_ref(cls)},
            }
            replace = {
                "type": "object",
                "additionalProperties": False,
                "properties": {"replace": gen.ref(cls)},
            }
            remove = {
                "type": "object",
                "additionalProperties": False,
                "properties": {"remove": {"const": True}},
            }
            entry = _when("patch", patch, _when("replace", replace, _when("remove", remove, entry)))
        props[name] = {
            "type": ["object", "null"],  # an empty `cards:` is fine: a section kept for later
            "description": f"{_doc(cls)} Keyed by id.",
            "additionalProperties": entry,
        }
    return props


def rules_schema() -> Schema:
    """The schema of a rules file: any of the collections, each a mapping of id to entry."""
    gen = _Generator()
    body = {
        "type": ["object", "null"],  # an empty or comment-only file is read as nothing
        "properties": _collections(gen, mod=False),
        "additionalProperties": False,
    }
    what = "A rules file of a scenario folder: collections of definitions keyed by id"
    return _document("Near Abroad rules file", what, RULES_FILE, body, gen)


def mod_rules_schema() -> Schema:
    """A mod's rules file: new entries, or patch / replace / remove of existing ones."""
    gen = _Generator()
    props = _collections(gen, mod=True)
    props["scenario"] = {
        "type": "object",
        "required": ["patch"],
        "additionalProperties": False,
        "properties": {"patch": gen.patch_ref(Manifest)},
        "description": "Changes to the scenario manifest.",
    }
    body = {"type": ["object", "null"], "properties": props, "additionalProperties": False}
    what = "A rules file of a mod: new entries, or changes to the scenario's by id"
    return _document("Near Abroad mod rules file", what, MOD_RULES_FILE, body, gen)


def mod_schema() -> Schema:
    """The schema of ``mod.yaml``."""
    gen = _Generator()
    gen.ref(ModInfo)
    body = {k: v for k, v in gen.defs.pop("ModInfo").items() if k not in ("title", "description")}
    return _document(
        "Near Abroad mod manifest", "mod.yaml: what a mod is and what it needs", MOD_FILE, body, gen
    )


def schemas() -> dict[str, Schema]:
    """Every schema by file name."""
    return {
        SCENARIO_FILE: scenario_schema(),
        RULES_FILE: rules_schema(),
        MOD_FILE: mod_schema(),
        MOD_RULES_FILE: mod_rules_schema(),
    }


def dumps(schema: Schema) -> str:
    """The text of a schema file: stable (sorted keys, two-space indent, final newline)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out_dir / name
        path.write_text(dumps(schema), encoding="utf-8", newline="\n")
        written.append(path)
    return written


__all__ = [
    "mod_rules_schema",
    "mod_schema",
    "rules_schema",
    "scenario_schema",
    "schemas",
    "write_schemas",
]
