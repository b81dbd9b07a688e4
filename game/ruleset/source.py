"""Strict YAML: safe parsing into a small tree in which every node knows its place.

Rule files are written by people, so the reader refuses what YAML allows but
nobody means: duplicate keys, non-string keys, alias bombs, deep nesting and
huge files. Scalars follow the YAML 1.2 core schema (``no`` is a string, not a
boolean), and the YAML 1.1 spellings that other tools would read differently
are flagged so that an editor and the engine never disagree silently.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import yaml

from game.ruleset.diagnostics import Diagnostic, Pos

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_YAML11_BOOL = {"yes", "no", "on", "off", "y", "n"}
_NULL = {"null", "Null", "NULL", "~", ""}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@attrs.define(eq=False, slots=True)
class YNode:
    """A YAML node: ``value`` is a python scalar, a list of YNode or a dict of str → YNode."""

    value: Any
    pos: Pos
    raw: str | None = None
    """Source text of a plain (unquoted) scalar; None for quoted scalars and collections."""
    key_pos: dict[str, Pos] | None = None
    """For mappings: where each key stands."""

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))

    def to_plain(self) -> Any:
        """The node as plain python data (dicts, lists, scalars), for schema checks."""
        if isinstance(self.value, dict):
            return {k: v.to_plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.to_plain() for v in self.value]
        return self.value


def _pos(file: str, mark: Any, end: Any = None) -> Pos:
    end_col = end.column + 1 if end is not None and end.line == mark.line else 0
    return Pos(file, mark.line + 1, mark.column + 1, end_col)


_STD_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")
}
_STD_TAGS = _STD_SCALAR_TAGS | {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _scalar(node: yaml.ScalarNode) -> tuple[Any, str | None]:
    """Resolve a scalar by the YAML 1.2 core schema; returns (value, plain text or None)."""
    text = node.value
    if node.style:  # quoted or block scalar: always a string (plain is None or "")
        return text, None
    if node.tag == "tag:yaml.org,2002:str" and (_INT.match(text) or _FLOAT.match(text)):
        return text, None  # an explicit !!str on a number-like plain scalar
    if text in _NULL:
        return None, text
    if text in _TRUE:
        return True, text
    if text in _FALSE:
        return False, text
    if _INT.match(text):
        return int(text), text
    if _HEX.match(text):
        return int(text, 16), text
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
        return float(text), text
    return text, text


class _Builder:
    def __init__(self, file: str, diags: list[Diagnostic]):
        self.file = file
        self.diags = diags
        self.count = 0
        self.reported_bomb = False
        self.memo: dict[int, int] = {}

    def build(self, node: yaml.Node, depth: int) -> YNode | None:
        pos = _pos(self.file, node.start_mark, node.end_mark)
        if depth > MAX_DEPTH:
            self.diags.append(
                Diagnostic(
                    "E0106",
                    f"nesting deeper than {MAX_DEPTH} levels",
                    pos,
                    "flatten the structure; rule files never need this depth",
                )
            )
            return None
        # Aliases share node objects: count each expansion, so a bomb is caught early.
        size = self.memo.get(id(node))
        if size is not None:
            self.count += size
            if self.count > MAX_NODES:
                self._bomb(pos)
                return None
        before = self.count
        self.count += 1
        if self.count > MAX_NODES:
            self._bomb(pos)
            return None
        if node.tag not in _STD_TAGS and node.tag != "!":
            self.diags.append(
                Diagnostic(
                    "E0108",
                    f"YAML tag '{node.tag}' is not allowed",
                    pos,
                    "remove the tag; rule files use plain YAML values",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            value, raw = _scalar(node)
            if raw is not None and raw.lower() in _YAML11_BOOL:
                self.diags.append(
                    Diagnostic(
                        "W0109",
                        f"'{raw}' is read as the string '{raw}', but YAML 1.1 tools "
                        "read it as a boolean",
                        pos,
                        f"write '{raw}' in quotes for a string, or true/false for a boolean",
                    )
                )
            return YNode(value, pos, raw)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for child in node.value:
                built = self.build(child, depth + 1)
                if built is None:
                    return None
                items.append(built)
            self.memo.setdefault(id(node), self.count - before)
            return YNode(items, pos)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, YNode] = {}
            keys: dict[str, Pos] = {}
            for knode, vnode in node.value:
                kpos = _pos(self.file, knode.start_mark, knode.end_mark)
                if not isinstance(knode, yaml.ScalarNode):
                    self.diags.append(
                        Diagnostic(
                            "E0103",
                            "a mapping key must be a plain string",
                            kpos,
                            "use a name as the key, not a list or mapping",
                        )
                    )
                    continue
                kval, _ = _scalar(knode)
                if knode.tag == "tag:yaml.org,2002:merge" or knode.value == "<<":
                    self.diags.append(
                        Diagnostic(
                            "E0105",
                            "merge keys ('<<') are not supported",
                            kpos,
                            "write the fields out, or use 'inherits:' in a mod",
                        )
                    )
                    continue
                if not isinstance(kval, str):
                    self.diags.append(
                        Diagnostic(
                            "E0103",
                            f"key {knode.value!r} is read as a {type(kval).__name__}, not a string",
                            kpos,
                            f'quote it: "{knode.value}"',
                        )
                    )
                    continue
                if kval in out:
                    first = keys[kval]
                    self.diags.append(
                        Diagnostic(
                            "E0102",
                            f"duplicate key '{kval}' (first at line {first.line})",
                            kpos,
                            "remove one of the two, or rename it",
                        )
                    )
                    continue
                built = self.build(vnode, depth + 1)
                if built is None:
                    return None
                out[kval] = built
                keys[kval] = kpos
            self.memo.setdefault(id(node), self.count - before)
            return YNode(out, pos, None, keys)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _bomb(self, pos: Pos) -> None:
        if not self.reported_bomb:
            self.reported_bomb = True
            self.diags.append(
                Diagnostic(
                    "E0105",
                    f"the document expands to more than {MAX_NODES} nodes "
                    "(aliases repeated without bound?)",
                    pos,
                    "write the data out instead of nesting aliases",
                )
            )


def parse_yaml(text: str | bytes, file: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document strictly; returns the tree (None on failure) and diagnostics."""
    diags: list[Diagnostic] = []
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        diags.append(
            Diagnostic(
                "E0104",
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                Pos(file),
                "split it into several files of the same kind",
            )
        )
        return None, diags
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            diags.append(
                Diagnostic(
                    "E0107",
                    f"file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                    Pos(file),
                    "save the file as UTF-8",
                )
            )
            return None, diags
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(file, mark) if mark is not None else Pos(file)
        problem = exc.problem or exc.context or "invalid YAML"
        diags.append(
            Diagnostic(
                "E0101",
                f"YAML syntax: {problem}",
                pos,
                "check indentation, colons and quotes on this line",
            )
        )
        return None, diags
    except yaml.YAMLError as exc:
        diags.append(
            Diagnostic(
                "E0101",
                f"YAML syntax: {exc}",
                Pos(file),
                "check that the file is one YAML document",
            )
        )
        return None, diags
    except RecursionError:
        diags.append(
            Diagnostic("E0106", "nesting too deep to parse", Pos(file), "flatten the structure")
        )
        return None, diags
    if root is None:
        return YNode({}, Pos(file, 1, 1), None, {}), diags
    try:
        tree = _Builder(file, diags).build(root, 0)
    except RecursionError:
        diags.append(
            Diagnostic("E0106", "nesting too deep to read", Pos(file), "flatten the structure")
        )
        return None, diags
    return tree, diags
