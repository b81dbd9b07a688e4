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
from game.ruleset.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAG = "tag:near-abroad,2020:plain"
"""The tag of an untagged plain scalar: we resolve it ourselves, by YAML 1.2 rules."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader, except that untagged plain scalars keep a tag of their own.

    PyYAML resolves by YAML 1.1 (``1e3`` is a string there, ``1_000`` a number), and
    once resolved an explicit ``!!str 5`` looks the same as a plain ``5`` read as a
    string; with the private tag we tell them apart and apply YAML 1.2 rules.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit and implicit[0]:
            return _PLAIN_TAG
        return super().resolve(kind, value, implicit)


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
_STD_TAGS = _STD_SCALAR_TAGS | {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", _PLAIN_TAG}
_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.ScalarNode) -> tuple[Any, str | None]:
    """Resolve a scalar by the YAML 1.2 core schema; returns (value, plain text or None).

    Raises ValueError for an integer too long for Python to convert (over 4,300 digits).
    """
    text = node.value
    if node.style or node.tag in (_STR_TAG, "!"):
        return text, None  # quoted, block or explicitly a string: always a string
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


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, (int, float)) else "a string"


class _Builder:
    def __init__(self, file: str, diags: list[Diagnostic], text: str = ""):
        self.file = file
        self.lines = text.splitlines()
        self.diags = diags
        self.count = 0
        self.reported_bomb = False
        self.memo: dict[int, tuple[int, YNode]] = {}
        """Collections built so far, by id(): how many nodes each holds, and its tree."""
        self.open: set[int] = set()
        """The nodes being built (the path from the root): an alias to one is a cycle."""

    def build(self, node: yaml.Node, depth: int, parent: Pos | None = None) -> YNode | None:
        """The tree of ``node``; None (after a diagnostic) when it must not be read at all.

        ``parent`` is where the containing node stands: an alias shares its anchor's
        node, whose own position is the anchor's, so problems of an alias's use are
        reported at the place that uses it.
        """
        pos = _pos(self.file, node.start_mark, node.end_mark)
        if id(node) in self.open:
            self.diags.append(
                Diagnostic(
                    "E0105",
                    "an alias refers to a node that contains it (an endless structure)",
                    parent or pos,
                    "aliases may only repeat a node defined before and outside them",
                )
            )
            return None
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
        # An alias shares its anchor's node: reuse the tree built for it, but count it
        # again each time, so that nested aliases expanding without bound are refused.
        seen = self.memo.get(id(node))
        if seen is not None:
            self.count += seen[0]
            if self.count > MAX_NODES:
                self._bomb(parent or pos)
                return None
            return seen[1]
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
            try:
                value, raw = _scalar(node)
            except ValueError:
                self.diags.append(
                    Diagnostic(
                        "E0204",
                        f"a number of {len(node.value):,} digits",
                        pos,
                        "numbers in rules are small; quote it if it is meant as text",
                    )
                )
                return YNode(node.value, pos, None)
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
            if isinstance(value, str) and node.end_mark.line > node.start_mark.line:
                pos = attrs.evolve(pos, lines=self._folded(node, value))
            tree = YNode(value, pos, raw)
            self.memo[id(node)] = (1, tree)
            return tree
        self.open.add(id(node))
        try:
            return self._collection(node, depth, pos, before)
        finally:
            self.open.discard(id(node))

    def _folded(self, node: yaml.ScalarNode, value: str) -> tuple[tuple[int, int, int], ...]:
        """Where each source line of a multi-line string starts in its value: (offset,
        line, column). Block scalars (``>-``, ``|``) start on the line after the indicator;
        a plain or quoted one on its own line. Each line's text is found in the value in
        order, so folding (a space for a line break) and indentation are accounted for."""
        first = node.start_mark.line + (1 if node.style in (">", "|") else 0)
        out: list[tuple[int, int, int]] = []
        at = 0
        for n in range(first, min(node.end_mark.line + 1, len(self.lines))):
            src = self.lines[n]
            start = node.start_mark.column + (1 if node.style in ("'", '"') else 0) \
                if n == node.start_mark.line else len(src) - len(src.lstrip())  # fmt: skip
            text = src[start:].rstrip()
            if node.style in ("'", '"') and text.endswith(node.style):
                text = text[:-1]
            if not text:
                continue
            found = value.find(text, at)
            if found < 0:  # escapes or folding we do not follow: keep what we have
                break
            out.append((found, n + 1, start + 1))
            at = found + len(text)
        return tuple(out)

    def _collection(self, node: yaml.Node, depth: int, pos: Pos, before: int) -> YNode | None:
        if isinstance(node, yaml.SequenceNode):
            items = []
            for child in node.value:
                built = self.build(child, depth + 1, pos)
                if built is None:
                    return None
                items.append(built)
            tree = YNode(items, pos)
            self.memo[id(node)] = (self.count - before, tree)
            return tree
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
                try:
                    kval, _ = _scalar(knode)
                except ValueError:
                    kval = 0
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
                            f"key '{knode.value}' is read as {_kind_of(kval)}, not a string",
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
                built = self.build(vnode, depth + 1, kpos)
                if built is None:
                    return None
                out[kval] = built
                keys[kval] = kpos
            tree = YNode(out, pos, None, keys)
            self.memo[id(node)] = (self.count - before, tree)
            return tree
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
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
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
        if "maximum nesting depth" in problem:  # libyaml's own limit, far past ours
            diags.append(Diagnostic("E0106", problem, pos, "flatten the structure"))
            return None, diags
        hint = "check indentation, colons and quotes on this line"
        opened = exc.context_mark
        if opened is not None and exc.context and "flow" in exc.context and mark is not opened:
            bracket = "{" if "mapping" in exc.context else "["
            lines = text.splitlines()
            line = lines[opened.line].strip() if opened.line < len(lines) else ""
            hint = (f"the '{bracket}' opened on line {opened.line + 1} ({line[:60]}) is not "
                    "closed before here: close it, or separate its items with commas")  # fmt: skip
            if exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip()):
                pos = _pos(file, opened)  # at the end of the file: show where it opened
                hint = (f"this '{bracket}' is never closed: add '{'}' if bracket == '{' else ']'}' "
                        "where its items end")  # fmt: skip
        diags.append(Diagnostic("E0101", f"YAML syntax: {problem}", pos, hint))
        return None, diags
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        diags.append(
            Diagnostic(
                "E0101",
                f"YAML syntax: character {exc.character!r} is not allowed ({exc.reason})",
                _offset_pos(file, text, exc.position, in_bytes=_BaseLoader is not yaml.SafeLoader),
                "remove the character, or write it as an escape in a double-quoted string",
            )
        )
        return None, diags
    except UnicodeEncodeError as exc:  # a lone surrogate in a str handed to us directly
        diags.append(
            Diagnostic(
                "E0107",
                f"text is not valid Unicode ({exc.reason})",
                _offset_pos(file, text, exc.start),
                "save the file as UTF-8",
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
        tree = _Builder(file, diags, text).build(root, 0)
    except RecursionError:
        diags.append(
            Diagnostic("E0106", "nesting too deep to read", Pos(file), "flatten the structure")
        )
        return None, diags
    return tree, diags


def _offset_pos(file: str, text: str, offset: int, in_bytes: bool = False) -> Pos:
    """The line and column of an offset (PyYAML's reader reports offsets only).

    libyaml counts UTF-8 bytes and the pure-Python reader counts characters.
    """
    if in_bytes:
        before = text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
    else:
        before = text[:offset]
    lines = before.splitlines(keepends=True)
    if not lines or lines[-1].endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        return Pos(file, len(lines) + 1, 1)
    return Pos(file, len(lines), len(lines[-1]) + 1)
